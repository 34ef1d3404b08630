package source

import "testing"

func TestPosition(t *testing.T) {
	f := NewFile("a.md", []byte("ab\ncd\n\nx"))
	cases := []struct {
		off       int
		line, col int
		lineText  string
	}{
		{0, 1, 1, "ab"},
		{1, 1, 2, "ab"},
		{2, 1, 3, "ab"},
		{3, 2, 1, "cd"},
		{6, 3, 1, ""},
		{7, 4, 1, "x"},
		{8, 4, 2, "x"},
		{-5, 1, 1, "ab"},
		{99, 4, 2, "x"},
	}
	for _, c := range cases {
		p := f.Position(c.off)
		if p.Line != c.line || p.Col != c.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.off, p.Line, p.Col, c.line, c.col)
		}
		if got, _ := f.Line(c.off); got != c.lineText {
			t.Errorf("Line(%d) = %q, want %q", c.off, got, c.lineText)
		}
	}
	if s := f.Position(3).String(); s != "a.md:2:1" {
		t.Errorf("String() = %q", s)
	}
	if f.LineCount() != 4 {
		t.Errorf("LineCount = %d", f.LineCount())
	}
}

func TestEmptyAndNil(t *testing.T) {
	f := NewFile("e.md", nil)
	if p := f.Position(10); p.Line != 1 || p.Col != 1 {
		t.Errorf("empty file position %v", p)
	}
	var nf *File
	if p := nf.Position(3); p.IsValid() {
		t.Errorf("nil file gave %v", p)
	}
	if s := (Position{Path: "x"}).String(); s != "x" {
		t.Errorf("no-line position %q", s)
	}
}

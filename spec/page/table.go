package page

import (
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
)

// table reads a GFM table from its raw lines rather than from goldmark's
// cells: goldmark drops the cells past the header's count (an unescaped `|`
// in a description) and cannot know that a line without a leading pipe is
// the rest of the row above.
func (s *scanner) table(t *rawTable) {
	lines := t.Lines()
	hStart := lineStart(s.body, lines.At(0).Start)
	hLine, _ := lineAt(s.text, hStart)
	tab := &Table{Off: s.base + hStart}
	tab.Header = splitRow(hLine, s.base+hStart)
	leadingPipe := strings.HasPrefix(strings.TrimSpace(hLine), "|")
	for r := 1; r < lines.Len(); r++ {
		start := lineStart(s.body, lines.At(r).Start)
		line, _ := lineAt(s.text, start)
		cells := splitRow(line, s.base+start)
		trimmed := strings.TrimSpace(line)
		if leadingPipe && !strings.HasPrefix(trimmed, "|") && len(tab.Rows) > 0 {
			prev := tab.Rows[len(tab.Rows)-1]
			last := &prev[len(prev)-1]
			last.Raw = strings.TrimSpace(last.Raw + " " + strings.TrimSuffix(trimmed, "|"))
			s.p.addDiag(s.base+start, diag.TableWrappedRow, "table row continues on this line without a leading |; joined with the row above")
			continue
		}
		if n := len(tab.Header); n > 0 && len(cells) > n {
			extra := cells[n-1:]
			allEmpty := true
			for _, c := range cells[n:] {
				if c.Raw != "" {
					allEmpty = false
				}
			}
			if !allEmpty {
				parts := make([]string, len(extra))
				for i, c := range extra {
					parts[i] = c.Raw
				}
				cells[n-1].Raw = strings.Join(parts, " | ")
				s.p.addDiag(extra[1].Off, diag.TableExtraCells, "table row has %d cells, the header %d; is a | unescaped? The extra cells are joined into %q", len(cells), n, Plain(tab.Header[n-1].Raw))
			}
			cells = cells[:n]
		}
		if n := len(tab.Header); n > 0 && len(cells) < n {
			if !groupRow(cells) {
				s.p.addDiag(s.base+start+len(line)-len(strings.TrimLeft(line, " \t")), diag.TableMissingCells, "table row has %d cells, the header %d; the missing cells (%s) are read as empty", len(cells), n, missingNames(tab.Header[len(cells):]))
			}
			end := s.base + start + len(strings.TrimRight(line, " \t\r"))
			for len(cells) < n {
				cells = append(cells, Cell{Off: end})
			}
		}
		tab.Rows = append(tab.Rows, cells)
	}
	s.add(&Block{Kind: BlockTable, Off: tab.Off, Table: tab})
}

// groupRow reports whether a short row is a group heading such as
// |**Device configuration**| (or empty): not a row with missing cells.
func groupRow(cells []Cell) bool {
	filled := 0
	for _, c := range cells {
		if c.Raw != "" {
			filled++
		}
	}
	if filled == 0 {
		return true
	}
	first := cells[0].Raw
	return filled == 1 && len(first) > 4 && (strings.HasPrefix(first, "**") && strings.HasSuffix(first, "**") || strings.HasPrefix(first, "__") && strings.HasSuffix(first, "__"))
}

func missingNames(cells []Cell) string {
	names := make([]string, len(cells))
	for i, c := range cells {
		names[i] = Plain(c.Raw)
	}
	return strings.Join(names, ", ")
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

// splitRow splits a table line into trimmed cells at pipes that are not
// escaped with a backslash, dropping the optional leading and trailing
// pipe. off is the offset of the line.
func splitRow(line string, off int) []Cell {
	line = strings.TrimRight(line, "\r")
	start := 0
	for start < len(line) && (line[start] == ' ' || line[start] == '\t') {
		start++
	}
	end := len(line)
	for end > start && (line[end-1] == ' ' || line[end-1] == '\t') {
		end--
	}
	if start < end && line[start] == '|' {
		start++
	}
	if end > start && line[end-1] == '|' && (end-2 < 0 || line[end-2] != '\\') {
		end--
	}
	cells := make([]Cell, 0, strings.Count(line[start:end], "|")+1)
	cellStart := start
	for i := start; i <= end; i++ {
		if i < end && (line[i] != '|' || (i > 0 && line[i-1] == '\\')) {
			continue
		}
		raw := line[cellStart:i]
		lead := len(raw) - len(strings.TrimLeft(raw, " \t"))
		cells = append(cells, Cell{Raw: strings.TrimSpace(raw), Off: off + cellStart + lead})
		cellStart = i + 1
	}
	return cells
}

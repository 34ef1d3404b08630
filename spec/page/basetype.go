package page

import (
	"strings"
)

// Wording says how a page states a base type. Pages state it in many ways
// (../shared/docs/corpus-grammar.md §9.1 and the counts in the README); the model ranks
// them and names them in its diagnostics.
type Wording uint8

// The wordings, by where they are written.
const (
	// On the type's own page, in prose.
	WordInheritsFrom  Wording = iota + 1 // "Inherits from [x]"
	WordWillInherit                      // "This type will inherit from [x]"
	WordInheritedFrom                    // "Inherited from [x]", "The following properties are inherited from [x]"
	WordDerivedFrom                      // "Derived from [x]", "derived from microsoft.graph.x", "the derivative of [x]"
	WordDerivesFrom                      // "x derives from [y]"
	WordSubclassOf                       // "A subclass of [x]", "creates a subclass from [x]"
	WordSubtypeOf                        // "It is a subtype of [x]"
	WordTypeOf                           // "A type of [x]", "x is a type of [y]"
	// On the type's own page, in the resource annotation.
	WordAnnotation // "baseType": "microsoft.graph.x"
	// On the base type's page, naming the types derived from it.
	WordBaseTypeOf      // "Base type of [a] and [b]", "the base type for [a]", "Base class for [a]"
	WordInheritedBy     // "It is inherited by [a], [b]"
	WordInheritFromThis // "[a] and [b] inherit from this type", "are subclasses of this superclass"
	WordDerivedList     // a list or table after "Derived types include:", or under a "Derived types" heading
	// In the type's own property tables.
	WordInheritedRow // "Inherited from [x]" ending a row's description
)

var wordingNames = [...]string{
	WordInheritsFrom:    `"inherits from [x]"`,
	WordWillInherit:     `"will inherit from [x]"`,
	WordInheritedFrom:   `"inherited from [x]" in prose`,
	WordDerivedFrom:     `"derived from [x]"`,
	WordDerivesFrom:     `"derives from [x]"`,
	WordSubclassOf:      `"a subclass of [x]"`,
	WordSubtypeOf:       `"a subtype of [x]"`,
	WordTypeOf:          `"a type of [x]"`,
	WordAnnotation:      `the annotation's "baseType"`,
	WordBaseTypeOf:      `"base type of [a]"`,
	WordInheritedBy:     `"inherited by [a]"`,
	WordInheritFromThis: `"[a] inherits from this type"`,
	WordDerivedList:     `a "derived types" list`,
	WordInheritedRow:    `an "Inherited from [x]" row`,
}

// String names the wording for messages.
func (w Wording) String() string {
	if int(w) < len(wordingNames) && wordingNames[w] != "" {
		return wordingNames[w]
	}
	return "unknown wording"
}

// OnBasePage reports whether the wording is written on the base type's
// page (a statement about the types derived from it).
func (w Wording) OnBasePage() bool { return w >= WordBaseTypeOf && w <= WordDerivedList }

// BaseClaim is one statement of a base type: in Resource.Bases, Name is
// the page's base; in Resource.DerivedTypes, Name is a type derived from
// the page's own type.
type BaseClaim struct {
	Name    Text   // link text or qualified name; Off is where it is written
	Link    string // the link's destination; "" for a plain name
	Wording Wording
}

// selfPhrases are the prose wordings of a page's own base, each followed
// by a link or a qualified name. "inherit from" counts only after "will":
// "All the session controls inherit from [x]" speaks of other types.
var selfPhrases = []struct {
	phrase string
	w      Wording
}{
	{"inherits from", WordInheritsFrom},
	{"will inherit from", WordWillInherit},
	{"inherited from", WordInheritedFrom},
	{"derived from", WordDerivedFrom},
	{"derives from", WordDerivesFrom},
	{"derivative of", WordDerivedFrom},
	{"subclass of", WordSubclassOf},
	{"subclass from", WordSubclassOf},
	{"subtype of", WordSubtypeOf},
	{"a type of", WordTypeOf},
}

// forwardPhrases name derived types in the links that follow them:
// "Base type of [a] and [b]", "inherited by the following derived types:
// [a], [b]".
var forwardPhrases = []struct {
	phrase string
	w      Wording
}{
	{"base type of", WordBaseTypeOf},
	{"base type for", WordBaseTypeOf},
	{"base class for", WordBaseTypeOf},
	{"inherited by", WordInheritedBy},
	{"derived types are", WordDerivedList},
	{"following derived types", WordDerivedList},
	{"subtypes include", WordDerivedList},
}

// reversePhrases name derived types in the links before them, in the same
// sentence: "The [a] and [b] types inherit from this type."
var reversePhrases = []string{"inherit from this", "inherits from this", "subclasses of this"}

// leadPhrases mark a paragraph that introduces a list or table of derived
// types ("Derived types include:", "Resources that derive from **x**
// include:", "It is the base type for each specific type:", and in
// today's pages "The following resource types inherit from this
// resource:").
var leadPhrases = []string{"derived type", "derive from", "derived from", "inherited by", "base type for", "base type from which", "base resource for", "base class for", "inherit from this", "inherits from this"}

// baseHints are the substrings one of the phrases above holds: a paragraph
// with none of them says nothing about base types.
var baseHints = []string{"inherit", "deriv", "subclass", "subtype", "type of", "base "}

// readBaseStatements reads every statement of base types on a resource
// page: its own base in prose, in page order, then the annotation's
// baseType (r.Bases), and the types it names as derived from its own
// (r.DerivedTypes), in prose, in lists and tables after a lead paragraph,
// and under a "Derived types" heading.
func (p *Page) readBaseStatements(annotation *Annotation) {
	r := p.Resource
	for _, s := range p.Sections {
		listing := isDerivedHeading(s.Heading.Text) // under a "Derived types" H2
		for _, b := range s.Blocks {
			switch b.Kind {
			case BlockHeading:
				listing = isDerivedHeading(b.Text)
			case BlockTable:
				if listing {
					p.derivedRows(b.Table)
				}
				listing = isDerivedHeading(s.Heading.Text)
			case BlockParagraph:
				if listing && p.listItem(b.Off) {
					p.derivedItem(b)
					continue
				}
				listing = p.readParagraph(b.Text, b.Off) || isDerivedHeading(s.Heading.Text)
			default:
				listing = isDerivedHeading(s.Heading.Text)
			}
		}
	}
	if a := annotation; a != nil {
		if bt := strings.TrimPrefix(strings.TrimSpace(a.BaseType), "#"); bt != "" && bt != "null" {
			off := a.Off
			if i := strings.Index(p.File.Text[min(a.Off, len(p.File.Text)):], `"baseType"`); i >= 0 && i < len(a.Raw)+16 {
				off += i
			}
			r.Bases = append(r.Bases, BaseClaim{Name: Text{bt, off}, Wording: WordAnnotation})
		}
	}
}

// isDerivedHeading reports whether a heading is "Derived types".
func isDerivedHeading(h string) bool {
	return strings.EqualFold(strings.TrimSpace(h), "derived types")
}

// readParagraph reads the base statements of one paragraph at offset off
// and reports whether it leads a list or table of derived types.
func (p *Page) readParagraph(text string, off int) (lead bool) {
	l := LowerASCII(text)
	if !containsAny(l, baseHints) {
		return false
	}
	r := p.Resource
	for _, ph := range selfPhrases {
		for from := 0; ; {
			i := strings.Index(l[from:], ph.phrase)
			if i < 0 {
				break
			}
			i += from
			from = i + len(ph.phrase)
			if ph.phrase == "subclass of" && strings.HasPrefix(l[from:], " this") {
				continue
			}
			if name, link, at := baseAfter(text[from:], p.Refs); name != "" {
				r.Bases = append(r.Bases, BaseClaim{Name: Text{name, off + from + at}, Link: link, Wording: ph.w})
			}
		}
	}
	found := false
	for _, ph := range forwardPhrases {
		for from := 0; ; {
			i := strings.Index(l[from:], ph.phrase)
			if i < 0 {
				break
			}
			from = i + from + len(ph.phrase)
			for _, k := range linkRun(text[from:], p.Refs) {
				p.addDerived(k, off+from, ph.w)
				found = true
			}
		}
	}
	for _, ph := range reversePhrases {
		if i := strings.Index(l, ph); i >= 0 {
			start := sentenceStart(text, i)
			for _, k := range Links(text[start:i], p.Refs) {
				p.addDerived(k, off+start, WordInheritFromThis)
				found = true
			}
		}
	}
	end := strings.TrimRight(l, " \t\n*")
	return !found && containsAny(l, leadPhrases) && (strings.HasSuffix(end, ":") || strings.HasSuffix(end, "derived types."))
}

// addDerived records a link at offset base+k.At as a derived type.
func (p *Page) addDerived(k Link, base int, w Wording) {
	name := strings.TrimSpace(k.Text)
	if !isTypeName(name) && k.Dest == "" {
		return
	}
	p.Resource.DerivedTypes = append(p.Resource.DerivedTypes, BaseClaim{Name: Text{name, base + k.At}, Link: k.Dest, Wording: w})
}

// derivedItem reads a list item of a derived-types list: its first link.
func (p *Page) derivedItem(b *Block) {
	if links := Links(b.Text, p.Refs); len(links) > 0 {
		p.addDerived(links[0], b.Off, WordDerivedList)
	}
}

// derivedRows reads a table of derived types: the first link of each
// row's first cell.
func (p *Page) derivedRows(t *Table) {
	for _, row := range t.Rows {
		c := cell(row, 0)
		if links := Links(c.Raw, p.Refs); len(links) > 0 {
			p.addDerived(links[0], c.Off, WordDerivedList)
		}
	}
}

// listItem reports whether the block at off is a list item: its line
// holds only a list marker before it.
func (p *Page) listItem(off int) bool {
	text := p.File.Text
	if off <= 0 || off > len(text) {
		return false
	}
	start := strings.LastIndexByte(text[:off], '\n') + 1
	m := strings.TrimSpace(text[start:off])
	switch {
	case m == "-" || m == "*" || m == "+":
		return true
	case len(m) >= 2 && (m[len(m)-1] == '.' || m[len(m)-1] == ')'):
		return strings.Trim(m[:len(m)-1], "0123456789") == ""
	}
	return false
}

// baseAfter reads the base type named right after a phrase such as
// "Inherits from": a link, possibly bold and after "the abstract base
// type", or a qualified name (microsoft.graph.x). It returns the name,
// the link destination and the name's index in s.
func baseAfter(s string, refs map[string]string) (name, link string, at int) {
	i := skipFiller(s, selfFiller)
	rest := s[i:]
	if strings.HasPrefix(rest, "[") {
		links := Links(rest, refs)
		if len(links) == 0 || links[0].At != 0 {
			return "", "", 0
		}
		k := links[0]
		name = strings.TrimSpace(k.Text)
		if isTypeName(name) {
			return name, k.Dest, i
		}
		if t := linkFileType(k.Dest); t != "" {
			return t, k.Dest, i
		}
		return "", "", 0
	}
	end := 0
	for end < len(rest) && (isNameByte(rest[end]) || rest[end] == '.') {
		end++
	}
	name = strings.TrimRight(rest[:end], ".")
	if strings.Contains(name, ".") && isTypeName(name) {
		return name, "", i
	}
	return "", "", 0
}

func isNameByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// selfFiller are the words that may stand between "Inherits from" and
// the name: "Inherits from the abstract base type [x]".
var selfFiller = []string{"the", "abstract", "base", "type", "resource", "entity"}

// runFiller are the words that may stand between "Base type of" and its
// links: "inherited by the following derived types: [a]".
var runFiller = []string{"the", "following", "derived", "types", "type", "resources", "include", "includes", "are"}

// skipFiller returns the index in s after spaces, emphasis, colons and
// the given filler words.
func skipFiller(s string, filler []string) int {
	i := 0
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '*', '_', ':':
			i++
			continue
		}
		j := i
		for j < len(s) && isNameByte(s[j]) {
			j++
		}
		if j == i || !wordIn(filler, s[i:j]) {
			return i
		}
		i = j
	}
	return i
}

func wordIn(list []string, w string) bool {
	for _, x := range list {
		if strings.EqualFold(x, w) {
			return true
		}
	}
	return false
}

// linkRun returns the links that open s after filler words, or that
// follow a connector later in its sentence ("the base type for richer
// types such as [a] and [b]"), and follow one another separated only by
// commas, "and" and "or": "[a], [b], and [c]".
func linkRun(s string, refs map[string]string) []Link {
	i := skipFiller(s, runFiller)
	if i < len(s) && s[i] != '[' {
		i = afterConnector(s, i)
	}
	if i >= len(s) || s[i] != '[' {
		return nil
	}
	var out []Link
	prev := i
	for _, k := range Links(s[i:], refs) {
		k.At += i
		k.End += i
		if len(out) > 0 && !separator(s[prev:k.At]) {
			break
		}
		out = append(out, k)
		prev = k.End
	}
	return out
}

// connectors introduce the examples of a description: "types such as
// [a]", "entities that have a name, for example, [a]", "a person, which
// can be a [a] or [b]".
var connectors = []string{"such as", "for example,", "which can be a", "which can be an"}

// afterConnector returns the index of the link that follows a connector
// in the sentence of s starting at i, when no link or sentence end comes
// before it; else len(s).
func afterConnector(s string, i int) int {
	end := len(s)
	if j := strings.IndexByte(s[i:], '['); j >= 0 {
		end = i + j
	}
	if j := strings.Index(s[i:end], ". "); j >= 0 {
		end = i + j
	}
	l := LowerASCII(s[i:end])
	for _, c := range connectors {
		if j := strings.LastIndex(l, c); j >= 0 && strings.TrimSpace(l[j+len(c):]) == "" {
			return end
		}
	}
	return len(s)
}

// separator reports whether the text between two links joins them into
// one list: commas, "and", "or", spaces and emphasis.
func separator(s string) bool {
	s = strings.Trim(s, " \t\n,*")
	switch strings.ToLower(s) {
	case "", "and", "or", ", and", ", or":
		return true
	}
	return false
}

// sentenceStart returns the index where the sentence holding s[i] starts:
// after the last ". " before i, or 0.
func sentenceStart(s string, i int) int {
	for j := i - 1; j > 0; j-- {
		if s[j-1] == '.' && (s[j] == ' ' || s[j] == '\n') {
			return j
		}
	}
	return 0
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

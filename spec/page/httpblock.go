package page

import (
	"strconv"
	"strings"
)

// methods are the HTTP methods Graph pages use.
var methods = []string{"GET", "POST", "PATCH", "PUT", "DELETE"}

// ParseRequestLine reads one `METHOD path` line of an HTTP request block.
// It accepts the corpus's variants: lower-case methods, a method glued to
// the path (`DELETE/identity/...`), absolute URLs, a version prefix
// (`/beta/...`), no leading slash, a trailing slash and a query string with
// spaces. ok is false when the line is not a request line.
func ParseRequestLine(line string) (method, path, query string, ok bool) {
	s := strings.TrimSpace(line)
	up := strings.ToUpper(s)
	for _, m := range methods {
		if !strings.HasPrefix(up, m) {
			continue
		}
		rest := s[len(m):]
		if rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '/') {
			continue
		}
		path, query = SplitTarget(strings.TrimSpace(rest))
		if path == "" {
			return "", "", "", false
		}
		return m, path, query, true
	}
	return "", "", "", false
}

// SplitTarget turns a request target (absolute URL or path, maybe with a
// query string) into a path without scheme, host or version prefix, always
// starting with '/', and the query string without '?'.
func SplitTarget(target string) (path, query string) {
	s := strings.TrimSpace(target)
	// a trailing "HTTP/1.1"
	if i := strings.LastIndex(s, " HTTP/"); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		if j := strings.IndexByte(s, '/'); j >= 0 {
			s = s[j:]
		} else {
			s = "/"
		}
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s, query = s[:i], strings.TrimSpace(s[i+1:])
	}
	s = strings.TrimSpace(s)
	// a path holds spaces only inside placeholders ({id | userPrincipalName},
	// {tenant id}) and function arguments; what follows any other space is
	// prose
	if i := spaceOutside(s); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "", query
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	for _, v := range []string{"/beta/", "/v1.0/"} {
		if strings.HasPrefix(s, v) {
			s = s[len(v)-1:]
		}
	}
	if s == "/beta" || s == "/v1.0" {
		s = "/"
	}
	if len(s) > 1 {
		s = strings.TrimSuffix(s, "/")
	}
	return s, query
}

// Message is an example block read as an HTTP message: a request (method
// and target) or a response (status), headers and body. A block holding
// bare JSON has only a body.
type Message struct {
	Method, Target string
	// Server is the service root of an absolute request URL
	// (https://graph.microsoft.com/beta), "" for a relative one.
	Server     string
	Status     int
	StatusText string // the status line as written
	Headers    []Header
	Body       string
	BodyOff    int // offset of the body within the block content
	// NonCanonical is set when the status line is not `HTTP/1.1 <code>
	// <reason>` with the standard reason phrase.
	NonCanonical bool
}

// ParseMessage reads the content of an example block. It tolerates a blank
// line between the request line and the headers, and a body that follows
// the headers with no blank line.
func ParseMessage(content string) Message {
	var m Message
	off := 0
	next := func() (string, int, bool) {
		if off >= len(content) {
			return "", off, false
		}
		start := off
		i := strings.IndexByte(content[off:], '\n')
		if i < 0 {
			off = len(content)
			return content[start:], start, true
		}
		off += i + 1
		return content[start : start+i], start, true
	}
	// the start line
	var first string
	var firstOff int
	for {
		line, lo, ok := next()
		if !ok {
			return m
		}
		if strings.TrimSpace(line) != "" {
			first, firstOff = strings.TrimSpace(line), lo
			break
		}
	}
	if strings.HasPrefix(first, "{") || strings.HasPrefix(first, "[") {
		m.Body, m.BodyOff = content[firstOff:], firstOff
		return m
	}
	switch {
	case strings.HasPrefix(strings.ToUpper(first), "HTTP"):
		m.StatusText = first
		m.Status, m.NonCanonical = parseStatusLine(first)
	default:
		if meth, p, q, ok := ParseRequestLine(first); ok {
			m.Method, m.Target = meth, p
			m.Server = serverOf(first)
			if q != "" {
				m.Target += "?" + q
			}
		}
	}
	// headers, allowing blank lines before the first header
	sawHeader := false
	for {
		save := off
		line, lo, ok := next()
		if !ok {
			return m
		}
		t := strings.TrimSpace(line)
		if t == "" {
			if sawHeader {
				break
			}
			// blank line right after the start line: headers may follow
			if peekHeader(content[off:]) {
				continue
			}
			break
		}
		if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") || !isHeaderLine(t) {
			off = save
			_ = lo
			break
		}
		name, val, _ := strings.Cut(t, ":")
		m.Headers = append(m.Headers, Header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(val), Off: lo})
		sawHeader = true
	}
	body := content[off:]
	if strings.TrimSpace(body) != "" {
		lead := len(body) - len(strings.TrimLeft(body, " \t\r\n"))
		m.Body, m.BodyOff = body[lead:], off+lead
	}
	return m
}

// peekHeader reports whether the next non-blank line is a header line.
func peekHeader(rest string) bool {
	for line := range strings.Lines(rest) {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		return isHeaderLine(t) && !strings.HasPrefix(t, "{")
	}
	return false
}

// isHeaderLine reports whether t looks like `Name: value`.
func isHeaderLine(t string) bool {
	i := strings.IndexByte(t, ':')
	if i <= 0 {
		return false
	}
	for _, r := range t[:i] {
		if !(r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return false
		}
	}
	return true
}

// reasons are the standard reason phrases for the codes Graph uses.
var reasons = map[int]string{
	200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 206: "Partial Content",
	207: "Multi-Status", 302: "Found", 303: "See Other", 400: "Bad Request", 401: "Unauthorized",
	403: "Forbidden", 404: "Not Found", 409: "Conflict", 412: "Precondition Failed", 422: "Unprocessable Entity",
}

// parseStatusLine reads `HTTP/1.1 200 OK` and its variants (`HTTP 201
// Created`, a missing reason, a wrong reason).
func parseStatusLine(line string) (code int, nonCanonical bool) {
	f := strings.Fields(line)
	if len(f) < 2 {
		return 0, true
	}
	i := 1
	if !strings.HasPrefix(strings.ToUpper(f[0]), "HTTP/") {
		// "HTTP 201 Created"
		nonCanonical = true
	}
	c, err := strconv.Atoi(f[i])
	if err != nil || c < 100 || c > 599 {
		return 0, true
	}
	reason := strings.Join(f[i+1:], " ")
	if want, ok := reasons[c]; !ok || reason != want || f[0] != "HTTP/1.1" {
		nonCanonical = true
	}
	return c, nonCanonical
}

// StatusCodeIn finds the first HTTP status code in prose such as
// "returns a `200 OK` response code". Backticked codes are preferred.
func StatusCodeIn(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '`' {
			continue
		}
		j := strings.IndexByte(s[i+1:], '`')
		if j < 0 {
			break
		}
		if c := leadingCode(strings.TrimSpace(s[i+1 : i+1+j])); c > 0 {
			return c
		}
		i += j + 1
	}
	// unquoted: "returns a 201 Created response code"
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == ',' })
	for i, w := range words {
		if c := leadingCode(w); c > 0 && i+1 < len(words) {
			next := LowerASCII(strings.Trim(words[i+1], ".`"))
			if next == "response" || strings.EqualFold(next, strings.Fields(reasons[c] + " x")[0]) {
				return c
			}
		}
	}
	return 0
}

// leadingCode reads a 3-digit status code at the start of s.
func leadingCode(s string) int {
	if len(s) < 3 {
		return 0
	}
	if len(s) > 3 && s[3] != ' ' {
		return 0
	}
	c, err := strconv.Atoi(s[:3])
	if err != nil || c < 200 || c > 599 {
		return 0
	}
	return c
}

// serverOf returns scheme://host/version of the absolute URL in a request
// line, or "".
func serverOf(line string) string {
	i := strings.Index(line, "://")
	if i < 0 {
		return ""
	}
	start := strings.LastIndexAny(line[:i], " \t") + 1
	u := line[start:]
	// the URL ends at a space or query string after its "://"
	if j := strings.IndexAny(u[i-start+3:], " \t?"); j >= 0 {
		u = u[:i-start+3+j]
	}
	rest := u[i-start+3:]
	host, path, _ := strings.Cut(rest, "/")
	if host == "" {
		return ""
	}
	root := u[:i-start] + "://" + host
	if v, _, _ := strings.Cut(path, "/"); v == "beta" || v == "v1.0" {
		root += "/" + v
	}
	return root
}

// spaceOutside returns the index of the first space or tab that is not
// inside braces, parentheses, angle brackets or quotes, or -1.
func spaceOutside(s string) int {
	depth := 0
	quote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '{', '(', '<':
			depth++
		case '}', ')', '>':
			if depth > 0 {
				depth--
			}
		case '\'':
			quote = !quote
		case ' ', '\t':
			if depth == 0 && !quote {
				return i
			}
		}
	}
	return -1
}

// CanonicalStatus returns the canonical status line for a code.
func CanonicalStatus(code int) string {
	if r, ok := reasons[code]; ok {
		return "HTTP/1.1 " + strconv.Itoa(code) + " " + r
	}
	return "HTTP/1.1 " + strconv.Itoa(code)
}

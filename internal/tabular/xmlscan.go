package tabular

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// xmlScanner reads a workbook's XML part as bytes, without building tokens,
// to refuse what would make an XML decoder hold too much: a stretch of
// text or one tag over Limits.CellSize (encoding/xml returns a stretch of
// text as one token, so 1 GiB of spaces is a 1 GiB string), a cell or
// shared string whose text is over it, too many elements, rows, columns or
// shared strings. It also finds the formulas of the worksheet that is
// imported, which excelize's row iterator does not report.
//
// It is a scanner, not a parser: it follows tags, comments, CDATA sections
// and processing instructions, enough to count and measure them, and leaves
// the rest of XML's rules to the decoders that read the part afterwards. It
// runs at a few hundred MB/s, where encoding/xml's tokenizer runs at tens.
type xmlScanner struct {
	mode     scanMode
	part     string  // the part's name, for messages
	lim      *Limits // the limits it enforces
	elements *int    // elements counted across parts (nil: not counted)

	state int
	tag   []byte // the tag being read, without "<" and ">"
	quote byte   // the quote of the attribute value being read, or 0
	bang  []byte // what follows "<!", to tell a comment from CDATA
	tail  [2]byte
	run   int // bytes of text since the last tag, or of a comment
	text  int // bytes of text in the current cell or shared string

	inText   bool // inside <c> or <si>: text and tags add up to the cell's
	depth    int  // elements open
	row, col int  // the current row (1-based) and column (1-based)
	cells    int  // cells with content in the current row
	counted  bool // the current cell is in cells
	strings  int  // shared strings counted
	formulas map[int][]int
}

type scanMode int

const (
	scanXML        scanMode = iota // any XML part: stretches, tags, elements
	scanSheet                      // a worksheet: also each cell's text
	scanFirstSheet                 // the imported worksheet: also rows, columns, formulas
	scanStrings                    // the shared strings: their count and each one's text
)

const (
	stText    = iota
	stOpen    // after "<"
	stTag     // in a start or end tag
	stBang    // after "<!"
	stComment // in <!-- -->
	stCDATA   // in <![CDATA[ ]]>
	stPI      // in <? ?>
)

func newXMLScanner(mode scanMode, part string, lim *Limits, elements *int) *xmlScanner {
	s := &xmlScanner{mode: mode, part: part, lim: lim, elements: elements}
	if mode == scanFirstSheet {
		s.formulas = map[int][]int{}
	}
	return s
}

var (
	cdataStart   = []byte("[CDATA[")
	commentStart = []byte("--")
)

// write scans the next bytes of the part.
func (s *xmlScanner) write(p []byte) error {
	for i := 0; i < len(p); {
		switch s.state {
		case stText:
			j := bytes.IndexByte(p[i:], '<')
			if j < 0 {
				return s.addText(len(p) - i)
			}
			if err := s.addText(j); err != nil {
				return err
			}
			i += j + 1
			s.state = stOpen
		case stOpen:
			switch p[i] {
			case '!':
				s.state, s.bang = stBang, s.bang[:0]
				i++
			case '?':
				s.state, s.run, s.tail = stPI, 0, [2]byte{}
				i++
			default:
				s.state, s.tag, s.quote = stTag, s.tag[:0], 0
			}
		case stTag:
			if len(s.tag) == 0 && s.quote == 0 {
				// Most tags end in the bytes at hand: read them there,
				// without copying.
				if j := wholeTag(p[i:]); j >= 0 && j <= s.lim.CellSize {
					s.state = stText
					if err := s.endTag(p[i : i+j]); err != nil {
						return err
					}
					i += j + 1
					continue
				}
			}
			n, done, err := s.readTag(p[i:])
			if err != nil {
				return err
			}
			i += n
			if done {
				s.state = stText
				if err := s.endTag(s.tag); err != nil {
					return err
				}
			}
		case stBang:
			s.bang = append(s.bang, p[i])
			i++
			switch {
			case bytes.Equal(s.bang, commentStart):
				s.state, s.run, s.tail = stComment, 0, [2]byte{}
			case bytes.Equal(s.bang, cdataStart):
				s.state, s.tail = stCDATA, [2]byte{}
			case !bytes.HasPrefix(commentStart, s.bang) && !bytes.HasPrefix(cdataStart, s.bang):
				// A DOCTYPE: Excel never writes one, and its internal
				// subset is a language of its own; no reader here needs it.
				return fileErrorf(0, "not a readable XLSX file: the part %s has a declaration (<!…) that is neither a comment nor CDATA", s.part)
			}
		case stComment, stPI, stCDATA:
			n, done := s.skipTo(p[i:])
			if s.state == stCDATA {
				if err := s.addText(n); err != nil {
					return err
				}
			} else if s.run += n; s.run > s.lim.CellSize {
				return s.tooLong()
			}
			i += n
			if done {
				s.state, s.run = stText, 0
			}
		}
	}
	return nil
}

// readTag adds to the tag up to its closing ">", which may not stand in a
// quoted attribute value, and reports how much of p it used.
func (s *xmlScanner) readTag(p []byte) (int, bool, error) {
	i := 0
	for i < len(p) {
		var j int
		if s.quote != 0 {
			if j = bytes.IndexByte(p[i:], s.quote); j < 0 {
				j = len(p) - i
			}
		} else {
			j = tagEnd(p[i:])
		}
		s.tag = append(s.tag, p[i:i+j]...)
		i += j
		if len(s.tag) > s.lim.CellSize {
			return i, false, s.tooLong()
		}
		if i == len(p) {
			break
		}
		c := p[i]
		i++
		switch {
		case s.quote != 0:
			s.quote = 0
		case c == '>':
			return i, true, nil
		default:
			s.quote = c
		}
		s.tag = append(s.tag, c)
	}
	return i, false, nil
}

// wholeTag finds the ">" that ends a tag starting at p[0], past quoted
// attribute values, or returns -1 when p ends first.
func wholeTag(p []byte) int {
	for j := 0; j < len(p); j++ {
		switch p[j] {
		case '>':
			return j
		case '"', '\'':
			k := bytes.IndexByte(p[j+1:], p[j])
			if k < 0 {
				return -1
			}
			j += k + 1
		}
	}
	return -1
}

// tagEnd finds the first quote or ">" in p, or its length. A loop: tags
// are short, and bytes.IndexAny builds a set on every call.
func tagEnd(p []byte) int {
	for j, c := range p {
		if c == '>' || c == '"' || c == '\'' {
			return j
		}
	}
	return len(p)
}

// isSpace reports XML's white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skipTo reads a comment, CDATA section or processing instruction up to
// and including its end ("-->", "]]>", "?>"), reporting how much of p it
// used and whether it ended.
func (s *xmlScanner) skipTo(p []byte) (int, bool) {
	end0, end1 := byte('-'), byte('-')
	switch s.state {
	case stCDATA:
		end0, end1 = ']', ']'
	case stPI:
		end0, end1 = 0, '?' // "?>": only the byte before ">" matters
	}
	for i := 0; i < len(p); {
		j := bytes.IndexByte(p[i:], '>')
		if j < 0 {
			s.keepTail(p[i:])
			return len(p), false
		}
		s.keepTail(p[i : i+j])
		i += j + 1
		if (end0 == 0 || s.tail[0] == end0) && s.tail[1] == end1 {
			return i, true
		}
		s.keepTail([]byte{'>'})
	}
	return len(p), false
}

// keepTail remembers the last two bytes read, across calls.
func (s *xmlScanner) keepTail(b []byte) {
	switch len(b) {
	case 0:
	case 1:
		s.tail = [2]byte{s.tail[1], b[0]}
	default:
		s.tail = [2]byte{b[len(b)-2], b[len(b)-1]}
	}
}

// addText counts n bytes of text: a cell's or shared string's, or a
// stretch between tags.
func (s *xmlScanner) addText(n int) error {
	if s.inText {
		if s.text += n; s.text > s.lim.CellSize {
			return s.tooLong()
		}
		return nil
	}
	if s.run += n; s.run > s.lim.CellSize {
		return s.tooLong()
	}
	return nil
}

// tooLong is the error for text or markup over Limits.CellSize.
func (s *xmlScanner) tooLong() error {
	max := int64(s.lim.CellSize)
	switch {
	case s.mode == scanStrings && s.inText:
		return limitErrorf(LimitCellSize, max, 0, "shared string %d of the workbook is over %s; no cell holds that much", s.strings, size(max))
	case s.mode == scanFirstSheet && s.inText:
		return limitErrorf(LimitCellSize, max, s.row, "row %d has a cell over %s", s.row, size(max))
	case s.mode == scanFirstSheet:
		return limitErrorf(LimitCellSize, max, s.row, "the worksheet holds over %s of text or markup without a break, after row %d; no cell holds that much", size(max), s.row)
	}
	return limitErrorf(LimitCellSize, max, 0, "the part %s of the workbook holds over %s of text or markup without a break; no cell holds that much", s.part, size(max))
}

// endTag handles a complete tag, t, without its "<" and ">".
func (s *xmlScanner) endTag(t []byte) error {
	if s.inText {
		// A cell's tags count with its text: excelize decodes a cell (a
		// shared string) into a structure, an element of it for each tag.
		if s.text += len(t) + 2; s.text > s.lim.CellSize {
			return s.tooLong()
		}
	} else {
		s.run = 0
	}
	if len(t) == 0 {
		return nil // "<>": the decoder will say the part is malformed
	}
	if t[0] == '/' {
		s.depth--
		switch string(localName(t[1:])) {
		case "c":
			if s.mode != scanStrings {
				s.inText = false
			}
		case "si":
			if s.mode == scanStrings {
				s.inText = false
			}
		}
		return nil
	}
	selfClosing := t[len(t)-1] == '/'
	name := localName(t)
	if !selfClosing {
		// A decoder keeps a record of each open element.
		if s.depth++; s.depth > s.lim.Depth {
			return limitErrorf(LimitDepth, int64(s.lim.Depth), s.row, "the part %s of the workbook nests elements more than %d deep", s.part, s.lim.Depth)
		}
	}
	if s.elements != nil {
		if *s.elements++; *s.elements > s.lim.Elements {
			return limitErrorf(LimitElements, int64(s.lim.Elements), 0,
				"the workbook's styles, relationships and other parts have more than %s XML elements together (%s is one)", count(int64(s.lim.Elements)), s.part)
		}
	}
	switch s.mode {
	case scanStrings:
		if string(name) == "si" {
			if s.strings++; s.strings > s.lim.SharedStrings {
				return limitErrorf(LimitSharedStrings, int64(s.lim.SharedStrings), 0,
					"the workbook has more than %s shared strings", count(int64(s.lim.SharedStrings)))
			}
			s.inText, s.text = !selfClosing, 0
		}
	case scanSheet, scanFirstSheet:
		return s.sheetTag(name, t, selfClosing)
	}
	return nil
}

// sheetTag follows rows and cells; references may be left out, meaning
// "the next one", as excelize reads them.
func (s *xmlScanner) sheetTag(name, t []byte, selfClosing bool) error {
	switch string(name) {
	case "row":
		if s.mode != scanFirstSheet {
			return nil
		}
		// excelize takes the first r attribute, as a number; not one, or
		// 0, counts on.
		if r, ok := attr(t, "r", false); ok {
			if n, ok := atoiBytes(r); ok && n != 0 {
				s.row = n
			} else {
				s.row++
			}
		} else {
			s.row++
		}
		s.col, s.cells = 0, 0
		if s.row > s.lim.Rows {
			return limitErrorf(LimitRows, int64(s.lim.Rows), s.row, "the worksheet has more than %s rows (row %s)", count(int64(s.lim.Rows)), count(int64(s.row)))
		}
	case "c":
		// excelize decodes the cell into a struct: the last r wins.
		if r, ok := attr(t, "r", true); ok {
			if col, ok := columnOf(r); ok {
				s.col = col
			} else {
				s.col++
			}
		} else {
			s.col++
		}
		s.inText, s.text, s.counted = !selfClosing, 0, false
	case "v", "is", "f":
		if s.mode != scanFirstSheet || !s.inText {
			return nil
		}
		if !s.counted {
			s.cells, s.counted = s.cells+1, true
		}
		// The count too: cells that repeat one reference each add one to
		// excelize's row.
		if s.col > s.lim.Columns || s.cells > s.lim.Columns {
			return limitErrorf(LimitColumns, int64(s.lim.Columns), s.row, "row %d has more than %s columns", s.row, count(int64(s.lim.Columns)))
		}
		if string(name) == "f" {
			s.formulas[s.row] = append(s.formulas[s.row], s.col-1)
		}
	}
	return nil
}

// localName is a tag's element name without its prefix, as encoding/xml
// splits it (at the first colon). It is a slice of t, so that comparing it
// allocates nothing.
func localName(t []byte) []byte {
	end := 0
	for end < len(t) && !isSpace(t[end]) && t[end] != '/' {
		end++
	}
	name := t[:end]
	if i := bytes.IndexByte(name, ':'); i > 0 && i < len(name)-1 {
		name = name[i+1:]
	}
	return name
}

// attr finds the value of an attribute, by local name, in a start tag:
// the first such attribute, or with last the last one.
func attr(t []byte, name string, last bool) ([]byte, bool) {
	i := 0
	for i < len(t) && !isSpace(t[i]) {
		i++
	}
	var value []byte
	found := false
	for t = t[i:]; ; {
		t = trimSpace(t)
		eq := bytes.IndexByte(t, '=')
		if eq < 0 {
			break
		}
		key := t[:eq]
		for len(key) > 0 && isSpace(key[len(key)-1]) {
			key = key[:len(key)-1]
		}
		t = trimSpace(t[eq+1:])
		if len(t) == 0 || (t[0] != '"' && t[0] != '\'') {
			break
		}
		end := bytes.IndexByte(t[1:], t[0])
		if end < 0 {
			break
		}
		v := t[1 : 1+end]
		t = t[end+2:]
		if k := bytes.IndexByte(key, ':'); k > 0 && k < len(key)-1 {
			key = key[k+1:]
		}
		if string(key) == name {
			value, found = unescapeAttr(v), true
			if !last {
				break
			}
		}
	}
	return value, found
}

func trimSpace(t []byte) []byte {
	for len(t) > 0 && isSpace(t[0]) {
		t = t[1:]
	}
	return t
}

// unescapeAttr resolves the entities XML allows in an attribute value:
// the five named ones and character references. Excel writes none in a
// reference, but a decoder would resolve them, so the scanner does too.
func unescapeAttr(v []byte) []byte {
	if bytes.IndexByte(v, '&') < 0 {
		return v
	}
	var b bytes.Buffer
	for len(v) > 0 {
		amp := bytes.IndexByte(v, '&')
		if amp < 0 {
			b.Write(v)
			break
		}
		b.Write(v[:amp])
		v = v[amp:]
		semi := bytes.IndexByte(v, ';')
		if semi < 0 {
			b.Write(v)
			break
		}
		ent := string(v[1:semi])
		v = v[semi+1:]
		switch {
		case ent == "lt":
			b.WriteByte('<')
		case ent == "gt":
			b.WriteByte('>')
		case ent == "amp":
			b.WriteByte('&')
		case ent == "apos":
			b.WriteByte('\'')
		case ent == "quot":
			b.WriteByte('"')
		case strings.HasPrefix(ent, "#x"):
			if n, err := strconv.ParseUint(ent[2:], 16, 21); err == nil {
				b.WriteRune(rune(n))
			}
		case strings.HasPrefix(ent, "#"):
			if n, err := strconv.ParseUint(ent[1:], 10, 21); err == nil {
				b.WriteRune(rune(n))
			}
		}
	}
	return b.Bytes()
}

// atoiBytes reads a number as strconv.Atoi does (a sign, then digits), which is
// how excelize reads a row's number, without a string to allocate.
func atoiBytes(b []byte) (int, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		neg, b = b[0] == '-', b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' || n > (math.MaxInt-9)/10 {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// columnOf reads the 1-based column of a cell reference such as "G12" or
// "$AB$3", as excelize does; ok is false when it is not one.
func columnOf(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c == '$':
		case 'A' <= c && c <= 'Z':
			col = col*26 + int(c-'A') + 1
		case 'a' <= c && c <= 'z':
			col = col*26 + int(c-'a') + 1
		default:
			goto digits
		}
		if col > 1<<20 {
			return 0, false // past any real column; excelize refuses it
		}
	}
digits:
	if col == 0 || i == len(ref) {
		return 0, false
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	return col, true
}

package generate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"stdreg/internal/standard"
	"stdreg/internal/store"
)

// Share is a value and how often it is drawn.
type Share[T any] struct {
	Value T
	Share float64
}

// KindMix is how often each kind of standard is generated.
var KindMix = []Share[standard.Kind]{
	{standard.KindNational, 0.08}, {standard.KindIndustry, 0.14}, {standard.KindLocal, 0.14},
	{standard.KindGroup, 0.24}, {standard.KindEnterprise, 0.34}, {standard.KindInternational, 0.06},
}

// StageMix is how often each stage is a standard's current stage: about
// 70% published (some under periodic review or withdrawn), 20% running
// drafts, 5% drafts whose project is not yet approved, 5% terminated.
var StageMix = []Share[standard.Stage]{
	{standard.StagePublished, 0.57}, {standard.StagePeriodicReview, 0.04}, {standard.StageWithdrawn, 0.09},
	{standard.StageDrafting, 0.07}, {standard.StageConsultation, 0.05}, {standard.StageReview, 0.04}, {standard.StageApproval, 0.04},
	{standard.StagePreliminary, 0.015}, {standard.StageProposal, 0.035},
	{standard.StageTerminated, 0.05},
}

// legacyShare is the share of published standards registered as published,
// with their publication day but without their drafting history (old
// standards entered from a catalogue): they have no approval day, so no
// cycle figure.
const legacyShare = 0.24

// defaultStalledShare is the share of running drafts whose last move may
// lie up to four years back (Config.StalledShare).
const defaultStalledShare = 0.1

// Actor is the name the generated history is recorded under.
const Actor = "stdreg generate"

var (
	firstDay    = dayOf(standard.Date{Year: 2000, Month: 1, Day: 1})
	registryDay = dayOf(standard.Date{Year: 2019, Month: 3, Day: 1}) // old catalogues were entered from here on
	chinaTime   = time.FixedZone("CST", 8*60*60)
)

// Record is one generated standard with its history, oldest first; the
// first entry is its registration. It is what the store's BulkLoader loads.
type Record = store.BulkRecord

// Generator makes organizations and standards from a seed: the same seed
// and configuration give the same records.
type Generator struct {
	r        *rand.Rand
	until    standard.Date
	untilDay int

	orgs   []standard.Organization
	qcodes []string // enterprise code (Q/…) of each organization, "" for non-enterprises
	byKind map[standard.OrgKind][]int

	seq map[string]int // the last sequence number used under each prefix

	stalled float64 // the share of running drafts whose last move may lie years back
}

// NewGenerator returns a generator of records dated up to until.
func NewGenerator(seed uint64, until standard.Date) *Generator {
	return &Generator{
		r:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		until: until, untilDay: dayOf(until),
		byKind:  map[standard.OrgKind][]int{},
		seq:     map[string]int{},
		stalled: defaultStalledShare,
	}
}

// dayOf and dateOf convert between dates and days since 1970-01-01.
func dayOf(d standard.Date) int { return int(d.Time().Unix() / 86400) }

func dateOf(day int) standard.Date { return standard.DateOf(time.Unix(int64(day)*86400, 0).UTC()) }

// at is a moment during office hours in Zhejiang on day.
func (g *Generator) at(day int) time.Time {
	midnight := time.Unix(int64(day)*86400-8*3600, 0) // 00:00 in China
	return midnight.Add(time.Duration(9*60+g.r.IntN(8*60)) * time.Minute).UTC()
}

func pick[T any](r *rand.Rand, shares []Share[T]) T {
	x := r.Float64()
	for _, s := range shares {
		if x < s.Share {
			return s.Value
		}
		x -= s.Share
	}
	return shares[len(shares)-1].Value
}

func oneOf[T any](r *rand.Rand, vs []T) T { return vs[r.IntN(len(vs))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between is a whole number from lo to hi inclusive.
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// Organizations makes n organizations: institutes, associations,
// enterprises, bureaus and others across Zhejiang's cities, with unique
// names, about 70% with a credit code.
func (g *Generator) Organizations(n int) []standard.Organization {
	r := g.r
	names := map[string]bool{}
	credit := map[string]bool{}
	cityShares := make([]Share[city], len(cities))
	total := 0
	for _, c := range cities {
		total += c.weight
	}
	for i, c := range cities {
		cityShares[i] = Share[city]{c, float64(c.weight) / float64(total)}
	}
	kinds := []Share[standard.OrgKind]{
		{standard.OrgInstitute, 0.10}, {standard.OrgAssociation, 0.09}, {standard.OrgEnterprise, 0.71},
		{standard.OrgGovernment, 0.05}, {standard.OrgOther, 0.05},
	}
	brand := func() string { return string([]rune{oneOf(r, brandChars), oneOf(r, brandChars)}) }
	qcodes := map[string]bool{}
	created := g.at(registryDay)
	for i := 0; i < n; i++ {
		kind := pick(r, kinds)
		if i < len(knownAssociations) {
			kind = standard.OrgAssociation
		}
		c := pick(r, cityShares)
		region := c.code
		var name, authority string
		for try := 0; ; try++ {
			switch kind {
			case standard.OrgInstitute:
				authority = "12"
				switch x := r.IntN(10); {
				case x < 2:
					name, region = oneOf(r, universities), province
				case x < 5:
					name, region = "浙江省"+oneOf(r, instituteFields)+oneOf(r, instituteSuffixes), province
				default:
					name = c.name + "市" + oneOf(r, instituteFields) + oneOf(r, instituteSuffixes)
				}
			case standard.OrgAssociation:
				authority = "51"
				switch x := r.IntN(10); {
				case i < len(knownAssociations):
					name, region = knownAssociations[i], province
				case x < 4:
					name, region = "浙江省"+oneOf(r, industries)+"行业协会", province
				case x < 5:
					name, region = "浙江省"+oneOf(r, industries)+"商会", province
				default:
					name = c.name + "市" + oneOf(r, industries) + "行业协会"
				}
			case standard.OrgEnterprise:
				authority = "91"
				lead := c.name
				if chance(r, 0.3) {
					lead = "浙江"
				}
				name = lead + brand() + oneOf(r, industries) + oneOf(r, companySuffixes)
			case standard.OrgGovernment:
				authority = "11"
				switch x := r.IntN(10); {
				case x < 1:
					name, region = oneOf(r, provinceBodies), province
				case x < 5:
					name = c.name + "市" + oneOf(r, bureaus)
				default:
					name = c.name + "市" + oneOf(r, c.districts) + "区" + oneOf(r, bureaus)
				}
			default:
				authority = "52"
				if chance(r, 0.5) {
					name = c.name + "市" + oneOf(r, industries) + oneOf(r, otherKinds)
				} else {
					authority = "91"
					name = "浙江" + brand() + oneOf(r, otherKinds[2:]) + "有限公司"
				}
			}
			if !names[name] {
				break
			}
			if try > 50 { // the lists ran short: a branch of an enterprise
				kind, authority = standard.OrgEnterprise, "91"
				name = c.name + brand() + oneOf(r, industries) + "有限公司" + c.name + "分公司"
				if !names[name] {
					break
				}
			}
		}
		names[name] = true
		o := standard.Organization{
			ID: newID(r, created).String(), Name: name, Kind: kind, Region: region,
			CreatedAt: created, UpdatedAt: created, Version: 1,
		}
		created = created.Add(time.Duration(1+r.IntN(3600)) * time.Second)
		if chance(r, 0.7) {
			for {
				code := creditCode(r, authority, region)
				if !credit[code] {
					credit[code], o.CreditCode = true, code
					break
				}
			}
		}
		q := ""
		if kind == standard.OrgEnterprise {
			for q == "" || qcodes[q] {
				b := make([]byte, between(r, 3, 5))
				for j := range b {
					b[j] = byte('A' + r.IntN(26))
				}
				q = string(b)
			}
			qcodes[q] = true
		}
		g.byKind[kind] = append(g.byKind[kind], len(g.orgs))
		g.orgs = append(g.orgs, o)
		g.qcodes = append(g.qcodes, q)
	}
	return g.orgs
}

// owner picks the organization that registers a standard of a kind, or -1.
func (g *Generator) owner(kind standard.Kind) int {
	type w = Share[standard.OrgKind]
	var shares []w
	switch kind {
	case standard.KindNational, standard.KindIndustry:
		shares = []w{{standard.OrgInstitute, 0.5}, {standard.OrgEnterprise, 0.3}, {standard.OrgAssociation, 0.1}, {standard.OrgGovernment, 0.05}, {"", 0.05}}
	case standard.KindLocal:
		shares = []w{{standard.OrgInstitute, 0.45}, {standard.OrgGovernment, 0.35}, {standard.OrgAssociation, 0.1}, {standard.OrgEnterprise, 0.05}, {"", 0.05}}
	case standard.KindGroup:
		shares = []w{{standard.OrgEnterprise, 0.6}, {standard.OrgAssociation, 0.35}, {standard.OrgInstitute, 0.05}}
	case standard.KindEnterprise:
		shares = []w{{standard.OrgEnterprise, 1}}
	default:
		shares = []w{{standard.OrgInstitute, 0.6}, {standard.OrgEnterprise, 0.3}, {"", 0.1}}
	}
	k := pick(g.r, shares)
	if k == "" || len(g.byKind[k]) == 0 {
		if kind == standard.KindEnterprise && len(g.byKind[standard.OrgEnterprise]) > 0 {
			return oneOf(g.r, g.byKind[standard.OrgEnterprise])
		}
		return -1
	}
	return oneOf(g.r, g.byKind[k])
}

// cycleMonths draws the months from project approval to publication for
// a kind in a year: local standards got faster over the years (the plan's
// target is 15 months), national ones take about two years.
func (g *Generator) cycleMonths(kind standard.Kind, year int) float64 {
	var mean, sigma float64
	switch kind {
	case standard.KindLocal:
		mean, sigma = 12+0.5*math.Max(0, float64(2018-year)), 0.3
		if year >= 2023 {
			mean = 11
		}
	case standard.KindNational:
		mean, sigma = 26+0.3*math.Max(0, float64(2015-year)), 0.3
	case standard.KindIndustry:
		mean, sigma = 22, 0.35
	case standard.KindGroup:
		mean, sigma = 9, 0.35
	case standard.KindEnterprise:
		mean, sigma = 4, 0.5
	default:
		mean, sigma = 32, 0.25
	}
	return mean * math.Exp(sigma*g.r.NormFloat64()-sigma*sigma/2)
}

// plan is a standard's history before it is placed in time: the stage it
// is registered in and the moves after it, each with the days spent in the
// stage before it.
type plan struct {
	reg    standard.Stage
	legacy bool // registered published: its first entry carries the publication day
	to     []standard.Stage
	gaps   []int // gaps[i]: days from the previous dated entry to move i (gaps[0] is unused when the registration has no day)
}

func (p *plan) add(to standard.Stage, gap int) {
	p.to = append(p.to, to)
	p.gaps = append(p.gaps, max(gap, 0))
}

func (p *plan) span() int {
	s := 0
	for i, gp := range p.gaps {
		if i > 0 || p.legacy {
			s += gp
		}
	}
	return s
}

var drafting = []standard.Stage{standard.StageDrafting, standard.StageConsultation, standard.StageReview, standard.StageApproval, standard.StagePublished}

func stageIndex(s standard.Stage) int {
	for i, d := range drafting {
		if d == s {
			return i
		}
	}
	return -1
}

// draftPlan is the path of a draft from its registration to stage upto
// (drafting … published), with a rework loop now and then.
func (g *Generator) draftPlan(kind standard.Kind, year int, upto standard.Stage) plan {
	r := g.r
	p := plan{reg: standard.StageProposal}
	if chance(r, 0.25) {
		p.reg = standard.StagePreliminary
		p.add(standard.StageProposal, 0)
	}
	p.add(standard.StageDrafting, between(r, 20, 150)) // in proposal
	cycle := g.cycleMonths(kind, year) * 30.44
	frac := map[standard.Stage]float64{
		standard.StageDrafting: 0.40, standard.StageConsultation: 0.15, standard.StageReview: 0.15, standard.StageApproval: 0.30,
	}
	if kind == standard.KindNational {
		frac[standard.StageDrafting], frac[standard.StageApproval] = 0.35, 0.35
	}
	days := func(in standard.Stage, again bool) int {
		d := cycle * frac[in] * math.Exp(0.25*r.NormFloat64())
		if again {
			d *= 0.5
		}
		return max(1, int(d))
	}
	last := stageIndex(upto)
	path := append([]standard.Stage(nil), drafting[1:last+1]...)
	if last >= 1 && chance(r, 0.15) {
		origin := pick(r, []Share[int]{{2, 0.7}, {1, 0.15}, {3, 0.15}}) // review, consultation, approval
		if origin <= last {
			// path[i] is drafting[i+1]: up to the origin, back to drafting
			// and through to the origin again, then on.
			reworked := append([]standard.Stage(nil), path[:origin]...)
			reworked = append(reworked, drafting[:origin+1]...)
			path = append(reworked, path[origin:]...)
		}
	}
	prev, again := standard.StageDrafting, false
	for _, to := range path {
		p.add(to, days(prev, again))
		if to == standard.StageDrafting {
			again = true
		}
		prev = to
	}
	return p
}

// afterPublication adds the moves after publication that end in final:
// periodic reviews that confirm the standard, a review under way, or its
// withdrawal.
func (g *Generator) afterPublication(p *plan, final standard.Stage) {
	r := g.r
	confirmed := func() {
		p.add(standard.StagePeriodicReview, between(r, 3*365, 5*365))
		p.add(standard.StagePublished, between(r, 30, 180))
	}
	switch final {
	case standard.StagePublished:
		if chance(r, 0.2) {
			confirmed()
		}
	case standard.StagePeriodicReview:
		if chance(r, 0.2) {
			confirmed()
		}
		p.add(standard.StagePeriodicReview, between(r, 3*365, 5*365))
	case standard.StageWithdrawn:
		if chance(r, 0.5) {
			p.add(standard.StageWithdrawn, between(r, 3*365, 10*365))
		} else {
			p.add(standard.StagePeriodicReview, between(r, 3*365, 5*365))
			p.add(standard.StageWithdrawn, between(r, 30, 365))
		}
	}
}

// place picks the day of the first dated entry so that the history spans
// span days and ends by until, more often in recent years (the registry
// grows); older=true leans to earlier years instead.
func (g *Generator) place(span int, older bool) int {
	hi := g.untilDay - span
	if hi <= firstDay {
		return firstDay
	}
	u := math.Sqrt(g.r.Float64())
	if older {
		u = 1 - u
	}
	return firstDay + int(float64(hi-firstDay)*u)
}

// Next makes the next standard: kind, number, titles, classes, owner,
// designations and a history that the procedure allows, applied with
// (*standard.Standard).Move and checked with Prepare as the registry would.
func (g *Generator) Next() (Record, error) {
	r := g.r
	kind := pick(r, KindMix)
	final := pick(r, StageMix)
	st := standard.Standard{Kind: kind}

	// The history, placed in time.
	var p plan
	var start int // the day of the first dated entry
	switch final {
	case standard.StagePublished, standard.StagePeriodicReview, standard.StageWithdrawn:
		if chance(r, legacyShare) {
			p = plan{reg: standard.StagePublished, legacy: true}
			g.afterPublication(&p, final)
			start = g.place(p.span(), true)
		} else {
			start = g.place(0, false)
			p = g.draftPlan(kind, dateOf(start).Year, standard.StagePublished)
			g.afterPublication(&p, final)
			if start+p.span() > g.untilDay {
				start = g.place(p.span(), false)
			}
		}
	case standard.StageDrafting, standard.StageConsultation, standard.StageReview, standard.StageApproval:
		// Running drafts moved recently, a few long ago (stalled).
		ago := int(r.ExpFloat64() * 150)
		if chance(r, g.stalled) {
			ago = r.IntN(4 * 365)
		}
		end := g.untilDay - min(ago, 6*365)
		p = g.draftPlan(kind, dateOf(end).Year-1, final)
		start = max(firstDay, end-p.span())
	case standard.StagePreliminary, standard.StageProposal:
		p = plan{reg: final}
		if final == standard.StageProposal && chance(r, 0.3) {
			p.reg = standard.StagePreliminary
			p.add(standard.StageProposal, 0)
		}
		start = max(firstDay, g.untilDay-int(r.ExpFloat64()*200))
	case standard.StageTerminated:
		at := pick(r, []Share[standard.Stage]{
			{standard.StagePreliminary, 0.1}, {standard.StageProposal, 0.25}, {standard.StageDrafting, 0.35},
			{standard.StageConsultation, 0.15}, {standard.StageReview, 0.1}, {standard.StageApproval, 0.05},
		})
		start = g.place(0, false)
		if stageIndex(at) >= 0 {
			p = g.draftPlan(kind, dateOf(start).Year, at)
		} else {
			p = plan{reg: at}
			if at == standard.StageProposal && chance(r, 0.3) {
				p.reg = standard.StagePreliminary
				p.add(standard.StageProposal, 0)
			}
		}
		p.add(standard.StageTerminated, between(r, 60, 720))
		if start+p.span() > g.untilDay {
			start = g.place(p.span(), false)
		}
	}
	days := make([]int, len(p.to))
	day := start
	for i := range p.to {
		if i > 0 || p.legacy {
			day += p.gaps[i]
		}
		days[i] = min(day, g.untilDay)
	}
	// The day that fixes the number's year: publication, else submission.
	numberDay := 0
	if p.legacy {
		numberDay = start
	}
	for i, to := range p.to {
		if to == standard.StagePublished && numberDay == 0 {
			numberDay = days[i]
		}
	}
	if numberDay == 0 && final == standard.StageApproval && chance(r, 0.5) {
		numberDay = days[len(days)-1]
	}

	// Who and what.
	owner := g.owner(kind)
	st.Nature = g.nature(kind)
	subj := g.subject(kind)
	part := 0
	if numberDay != 0 {
		var err error
		if st.Code, part, err = g.number(&st, owner, subj, dateOf(numberDay).Year); err != nil {
			return Record{}, err
		}
	}
	g.describe(&st, owner, subj, part)

	// The registration and the moves, applied as the registry applies them.
	var regDay standard.Date
	var created time.Time
	if p.legacy {
		regDay = dateOf(start)
		st.PublishedOn = regDay
		entered := max(start, min(registryDay+r.IntN(1400), g.untilDay))
		created = g.at(entered)
	} else {
		created = g.at(start - between(r, 5, 90))
	}
	st.Stage = p.reg
	st.ID = newID(r, created).String()
	history := make([]standard.Transition, 0, len(p.to)+1)
	history = append(history, standard.Transition{
		ID: newID(r, created).String(), StandardID: st.ID, To: p.reg, OccurredOn: regDay,
		RecordedAt: created, Actor: Actor, Note: "registered",
	})
	recorded, lastMove := created, regDay
	for i, to := range p.to {
		on := dateOf(days[i])
		at := g.at(days[i])
		if !at.After(recorded) {
			at = recorded.Add(time.Duration(60+r.IntN(600)) * time.Second)
		}
		from := st.Stage
		if err := st.Move(to, on, lastMove, g.until); err != nil {
			return Record{}, fmt.Errorf("generate: move %s to %s on %s: %w", from, to, on, err)
		}
		history = append(history, standard.Transition{
			ID: newID(r, at).String(), StandardID: st.ID, From: from, To: to, OccurredOn: on,
			RecordedAt: at, Actor: Actor, Note: note(from, to),
		})
		recorded, lastMove = at, on
	}
	if !st.PublishedOn.IsZero() {
		st.EffectiveOn = dateOf(dayOf(st.PublishedOn) + between(r, 0, 6)*30)
		g.designate(&st, subj)
	}
	st.CreatedAt, st.UpdatedAt, st.Version = created, recorded, int64(len(history))
	if err := st.Prepare(g.until); err != nil {
		return Record{}, fmt.Errorf("generate: standard %q (%s, %s) is not valid: %w", st.Code, st.Kind, st.Stage, err)
	}
	return Record{Standard: st, History: history}, nil
}

func note(from, to standard.Stage) string {
	switch {
	case to == standard.StageDrafting && from != standard.StageProposal:
		return "退回修改"
	case from == standard.StagePeriodicReview && to == standard.StagePublished:
		return "复审确认继续有效"
	}
	return map[standard.Stage]string{
		standard.StageProposal: "提出立项申请", standard.StageDrafting: "立项，计划下达", standard.StageConsultation: "征求意见稿发布",
		standard.StageReview: "送审稿技术审查", standard.StageApproval: "报批", standard.StagePublished: "批准发布",
		standard.StagePeriodicReview: "复审", standard.StageWithdrawn: "废止", standard.StageTerminated: "项目终止",
	}[to]
}

// nature is the nature of a standard before its number shows it.
func (g *Generator) nature(kind standard.Kind) standard.Nature {
	r := g.r
	switch kind {
	case standard.KindNational:
		return pick(r, []Share[standard.Nature]{{standard.NatureMandatory, 0.12}, {standard.NatureRecommended, 0.83}, {standard.NatureGuidance, 0.05}})
	case standard.KindIndustry:
		return pick(r, []Share[standard.Nature]{{standard.NatureMandatory, 0.13}, {standard.NatureRecommended, 0.85}, {standard.NatureGuidance, 0.02}})
	case standard.KindLocal:
		return pick(r, []Share[standard.Nature]{{standard.NatureMandatory, 0.08}, {standard.NatureRecommended, 0.92}})
	}
	return ""
}

// categoryMix says which fields the standards of a kind are about.
var categoryMix = map[standard.Kind][numCategories]float64{
	standard.KindNational:      {0.5, 0.1, 0.1, 0.1, 0.1, 0.1},
	standard.KindIndustry:      {0.6, 0.15, 0.1, 0.05, 0.05, 0.05},
	standard.KindLocal:         {0.05, 0.3, 0.25, 0.2, 0.1, 0.1},
	standard.KindGroup:         {0.7, 0.1, 0.1, 0.1, 0, 0},
	standard.KindEnterprise:    {0.85, 0.15, 0, 0, 0, 0},
	standard.KindInternational: {0.6, 0, 0.1, 0.2, 0.1, 0},
}

var subjectsBy = func() [numCategories][]subject {
	var by [numCategories][]subject
	for _, s := range subjects {
		by[s.cat] = append(by[s.cat], s)
	}
	return by
}()

func (g *Generator) subject(kind standard.Kind) subject {
	mix := categoryMix[kind]
	x := g.r.Float64()
	c := category(0)
	for ; c < numCategories-1; c++ {
		if x < mix[c] {
			break
		}
		x -= mix[c]
	}
	return oneOf(g.r, subjectsBy[c])
}

// next is the next sequence number under a prefix.
func (g *Generator) next(key string) int {
	g.seq[key]++
	return g.seq[key]
}

// number writes a new, unique number of the standard's kind and nature in
// year: sequence numbers never repeat under a prefix, and a part number
// ("20000.1", "4210-2") never reads like a plain one, so no two standards
// share a normalized number. It returns the part, or 0.
func (g *Generator) number(st *standard.Standard, owner int, subj subject, year int) (string, int, error) {
	r := g.r
	mark := map[standard.Nature]string{standard.NatureMandatory: "", standard.NatureRecommended: "/T", standard.NatureGuidance: "/Z"}[st.Nature]
	part := 0
	parted := func(prefix string, base int) string {
		if chance(r, 0.12) {
			n := g.next(prefix + "#part")
			part = n%3 + 1
			return fmt.Sprintf("%d.%d", base+n/3, part)
		}
		return strconv.Itoa(base + g.next(prefix))
	}
	var code string
	switch st.Kind {
	case standard.KindNational:
		prefix := "GB" + mark
		code = prefix + " " + parted(prefix, map[string]int{"GB": 4000, "GB/T": 10000, "GB/Z": 17000}[prefix]) + "—" + strconv.Itoa(year)
		if prefix == "GB/T" && part == 0 && chance(r, 0.08) {
			code += fmt.Sprintf("/ISO %d:%d", between(r, 1000, 60000), max(1950, year-r.IntN(5)))
		}
	case standard.KindIndustry:
		prefix := oneOf(r, industryPrefixes) + mark
		code = prefix + " " + parted(prefix, 1000) + "—" + strconv.Itoa(year)
	case standard.KindLocal:
		prefix := "DB33"
		if chance(r, 0.12) {
			c := oneOf(r, cities)
			prefix = "DB" + c.code[:4]
			st.Region = c.code
		}
		prefix += mark
		if strings.HasPrefix(prefix, "DB33/") || prefix == "DB33" {
			code = fmt.Sprintf("%s %d—%d", prefix, 500+g.next(prefix), year)
		} else {
			code = fmt.Sprintf("%s %04d—%d", prefix, g.next(prefix), year)
		}
	case standard.KindGroup:
		association := "ZZB"
		if chance(r, 0.45) {
			association = oneOf(r, groupCodes)
		}
		prefix := "T/" + association
		code = fmt.Sprintf("%s %04d—%d", prefix, g.next(prefix), year)
	case standard.KindEnterprise:
		prefix := "Q/ZJQY" // no enterprise to own it (no organizations generated)
		if owner >= 0 && g.qcodes[owner] != "" {
			prefix = "Q/" + g.qcodes[owner]
		}
		if subj.cat == catAgri && chance(r, 0.5) {
			code = fmt.Sprintf("%s %04dS—%d", prefix, g.next(prefix+"#S"), year)
		} else {
			code = fmt.Sprintf("%s %03d—%d", prefix, g.next(prefix), year)
		}
	default:
		prefix := pick(r, []Share[string]{{"ISO", 0.7}, {"IEC", 0.18}, {"ISO/IEC", 0.12}})
		n := 1000 + g.next(prefix)
		num := strconv.Itoa(n)
		if chance(r, 0.3) {
			n := g.next(prefix + "#part")
			part = n%4 + 1
			num = fmt.Sprintf("%d-%d", 60000+n/4, part)
		}
		code = fmt.Sprintf("%s %s:%d", prefix, num, year)
	}
	return code, part, nil
}

// describe fills titles, classes, owner, drafting units, committee,
// region, Zhejiang's role, adoptions and the standards replaced.
func (g *Generator) describe(st *standard.Standard, owner int, subj subject, part int) {
	r := g.r
	zh, en := subj.zh, subj.en
	if subj.cat == catProduct && chance(r, 0.15) {
		q := oneOf(r, qualifiers)
		zh, en = q.zh+zh, q.en+strings.ToLower(en[:1])+en[1:]
	}
	a := oneOf(r, aspects[subj.cat])
	switch {
	case part > 0:
		st.TitleZH = fmt.Sprintf("%s 第%d部分：%s", zh, part, a.zh)
		st.TitleEN = fmt.Sprintf("%s—Part %d: %s", en, part, a.en)
	case chance(r, 0.3):
		st.TitleZH, st.TitleEN = zh+" "+a.zh, en+"—"+a.en
	default:
		st.TitleZH, st.TitleEN = zh+a.zh, en+"—"+a.en
	}
	st.ICS = []string{subj.ics}
	if chance(r, 0.25) {
		if other := oneOf(r, subjectsBy[subj.cat]).ics; other != subj.ics {
			st.ICS = append(st.ICS, other)
		}
	}
	if st.Kind != standard.KindInternational {
		st.CCS = subj.ccs
	}
	units := []string{}
	if owner >= 0 {
		o := g.orgs[owner]
		st.OrganizationID = o.ID
		units = append(units, o.Name)
		if st.Region == "" {
			st.Region = o.Region
		}
	}
	if st.Kind == standard.KindLocal && st.Region == "" {
		st.Region = province
	}
	if len(g.orgs) > 0 {
		for n := r.IntN(4); n > 0; n-- {
			name := g.orgs[r.IntN(len(g.orgs))].Name
			dup := false
			for _, u := range units {
				dup = dup || u == name
			}
			if !dup {
				units = append(units, name)
			}
		}
	}
	st.DraftingUnits = units
	switch st.Kind {
	case standard.KindNational, standard.KindIndustry:
		if chance(r, 0.7) {
			st.TechnicalCommittee = oneOf(r, technicalCommittees)
		}
	case standard.KindLocal:
		if chance(r, 0.4) {
			st.TechnicalCommittee = fmt.Sprintf("ZJ/TC %d", between(r, 1, 60))
		}
	}
	roles := map[standard.Kind][]Share[standard.ZhejiangRole]{
		standard.KindNational:      {{standard.RoleLead, 0.35}, {standard.RoleParticipant, 0.45}, {standard.RoleNone, 0.2}},
		standard.KindIndustry:      {{standard.RoleLead, 0.4}, {standard.RoleParticipant, 0.4}, {standard.RoleNone, 0.2}},
		standard.KindInternational: {{standard.RoleLead, 0.08}, {standard.RoleParticipant, 0.42}, {standard.RoleNone, 0.5}},
	}[st.Kind]
	if roles == nil {
		roles = []Share[standard.ZhejiangRole]{{standard.RoleLead, 0.95}, {standard.RoleParticipant, 0.05}}
	}
	st.ZhejiangRole = pick(r, roles)
	if st.Kind != standard.KindInternational && st.Kind != standard.KindEnterprise && chance(r, 0.04) {
		st.Adopts = append(st.Adopts, standard.Adoption{
			Code:   fmt.Sprintf("ISO %d:%d", between(r, 1000, 60000), between(r, 1990, 2024)),
			Degree: oneOf(r, []standard.Degree{standard.DegreeModified, standard.DegreeNotEquivalent}),
		})
	}
	st.Replaces = []string{}
	if st.Code != "" && chance(r, 0.15) {
		if old := replaced(st.Code, r.IntN(8)+3); old != "" {
			st.Replaces = append(st.Replaces, old)
		}
	}
}

// replaced is the earlier edition of a number, years before; "" when it
// would be too old.
func replaced(code string, years int) string {
	chinese := strings.LastIndex(code, "—")
	if i := strings.Index(code, "/ISO"); i > 0 {
		code = code[:i]
	}
	sep := "—"
	if chinese < 0 {
		chinese, sep = strings.LastIndex(code, ":"), ":"
	}
	year, err := strconv.Atoi(code[chinese+len(sep):])
	if err != nil || year-years < 1990 {
		return ""
	}
	return code[:chinese] + sep + strconv.Itoa(year-years)
}

// designate grants 浙江标准 (any kind, from 2016), 浙江制造 (most T/ZZB
// standards) and 领跑者 (a few enterprise standards, from 2018).
func (g *Generator) designate(st *standard.Standard, subj subject) {
	r := g.r
	year := st.PublishedOn.Year
	if strings.HasPrefix(st.Code, "T/ZZB ") && chance(r, 0.9) {
		st.Designations = append(st.Designations, standard.Designation{
			Type: standard.DesignationMadeInZhejiang, Year: year,
			Reference: fmt.Sprintf("浙江制造认证 CZJM%d%05d", year, r.IntN(100000)),
		})
	}
	if year >= 2016 && st.Kind != standard.KindInternational && chance(r, 0.09) {
		st.Designations = append(st.Designations, standard.Designation{
			Type: standard.DesignationZhejiangStandard, Year: min(year+r.IntN(2), g.until.Year),
			Reference: fmt.Sprintf("浙江标准〔%d〕%03d号", year, between(r, 1, 300)),
		})
	}
	if st.Kind == standard.KindEnterprise && year >= 2017 && chance(r, 0.07) {
		st.Designations = append(st.Designations, standard.Designation{
			Type: standard.DesignationForerunner, Year: min(year+1, g.until.Year), Reference: subj.zh,
		})
	}
}

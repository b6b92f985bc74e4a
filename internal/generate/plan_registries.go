package generate

import (
	"fmt"
	"math/rand/v2"

	"stdreg/internal/standard"
)

// The plan's other registries in a generated registry: science and
// technology projects that name the standards they produced, pilots across
// the 11 cities and their counties, and technical bodies whose codes the
// standards' technical_committee names, so that every indicator of
// plan-targets shows a figure.

// PlanRecords are the projects, pilots and technical bodies of a
// generated registry.
type PlanRecords struct {
	Projects []standard.Project
	Pilots   []standard.Pilot
	Bodies   []standard.TechnicalBody
}

// Linkable is what the plan's records need of a generated standard.
type Linkable struct {
	ID    string
	Stage standard.Stage
	Kind  standard.Kind
}

// linkSample keeps, as the standards are made, a bounded sample of those a
// project may name: local and group standards and drafts, where the
// province's projects leave their results.
type linkSample struct {
	r     *rand.Rand
	seen  int
	items []Linkable
}

const maxLinkSample = 50000

func newLinkSample(seed uint64) *linkSample {
	return &linkSample{r: rand.New(rand.NewPCG(seed^0x5eed, seed))}
}

// add offers one standard to the sample (reservoir sampling, so a large
// registry keeps a fair sample in bounded memory).
func (s *linkSample) add(st standard.Standard) {
	if st.Kind != standard.KindLocal && st.Kind != standard.KindGroup {
		return
	}
	s.seen++
	l := Linkable{ID: st.ID, Stage: st.Stage, Kind: st.Kind}
	if len(s.items) < maxLinkSample {
		s.items = append(s.items, l)
		return
	}
	if i := s.r.IntN(s.seen); i < maxLinkSample {
		s.items[i] = l
	}
}

// programme is a science and technology programme and the categories of
// its projects.
type programme struct {
	name       string
	categories []Share[standard.ProjectCategory]
	weight     float64
}

var programmes = []programme{
	{"尖兵", []Share[standard.ProjectCategory]{{standard.ProjectKeyGeneric, 0.8}, {standard.ProjectApplication, 0.2}}, 0.35},
	{"领雁", []Share[standard.ProjectCategory]{{standard.ProjectKeyGeneric, 0.4}, {standard.ProjectApplication, 0.6}}, 0.35},
	{"省重点研发计划", []Share[standard.ProjectCategory]{{standard.ProjectApplication, 0.5}, {standard.ProjectOther, 0.5}}, 0.2},
	{"省软科学研究计划", []Share[standard.ProjectCategory]{{standard.ProjectOther, 1}}, 0.1},
}

var projectAims = []string{"关键技术研究与应用", "共性关键技术攻关", "标准体系研究", "集成示范应用", "关键装备研制与产业化", "数字化技术研发与示范"}

// nationalBodies are national committees and subcommittees whose
// secretariats the generated province holds; the committees among them
// are those the generated national standards name.
var nationalBodies = []struct{ code, name string }{
	{"SAC/TC 22", "全国信息技术标准化技术委员会"}, {"SAC/TC 22/SC 3", "全国信息技术标准化技术委员会 软件与系统工程分技术委员会"},
	{"SAC/TC 28", "全国电工电子产品标准化技术委员会"}, {"SAC/TC 46", "全国茶叶标准化技术委员会"},
	{"SAC/TC 51", "全国纺织品标准化技术委员会"}, {"SAC/TC 93", "全国丝绸标准化技术委员会"},
	{"SAC/TC 114", "全国汽车标准化技术委员会"}, {"SAC/TC 188", "全国竹藤标准化技术委员会"},
	{"SAC/TC 232", "全国电动自行车标准化技术委员会"}, {"SAC/TC 339", "全国电子商务质量管理标准化技术委员会"},
	{"SAC/TC 426", "全国海洋标准化技术委员会"}, {"SAC/TC 563", "全国数字乡村标准化技术委员会"},
	{"SAC/TC 592", "全国城市大脑标准化技术委员会"}, {"SAC/TC 28/SC 9", "全国电工电子产品标准化技术委员会 智能家电分技术委员会"},
}

var internationalBodies = []struct{ code, name string }{
	{"ISO/TC 207/SC 1", "ISO 环境管理体系分技术委员会（国内技术对口）"},
	{"ISO/TC 34/SC 8", "ISO 茶叶分技术委员会（秘书处）"},
	{"IEC/TC 116", "IEC 手持式电动工具安全技术委员会（国内技术对口）"},
	{"ISO/TC 296", "ISO 竹藤技术委员会（国内技术对口）"},
}

// PlanRegistries makes the plan's records for orgs and the sampled
// standards, dated up to the generator's last day. n is how many projects
// to make.
func (g *Generator) PlanRegistries(orgs []standard.Organization, linkable []Linkable, n int) PlanRecords {
	var out PlanRecords
	if len(orgs) == 0 {
		return out
	}
	out.Projects = g.projects(orgs, linkable, n)
	out.Pilots = g.pilots(orgs)
	out.Bodies = g.bodies(orgs)
	return out
}

// day is a day from first to last, no later than the generator's last day.
func (g *Generator) day(first, last standard.Date) standard.Date {
	lo, hi := dayOf(first), min(dayOf(last), g.untilDay)
	if hi < lo {
		hi = lo
	}
	return dateOf(between(g.r, lo, hi))
}

func (g *Generator) projects(orgs []standard.Organization, linkable []Linkable, n int) []standard.Project {
	r := g.r
	shares := make([]Share[programme], len(programmes))
	for i, p := range programmes {
		shares[i] = Share[programme]{p, p.weight}
	}
	var terminated, produced []Linkable
	for _, l := range linkable {
		switch {
		case l.Stage == standard.StageTerminated || l.Stage.IsPrivateDraft():
			terminated = append(terminated, l)
		default:
			produced = append(produced, l)
		}
	}
	out := make([]standard.Project, 0, n)
	for i := range n {
		p := pick(r, shares)
		subj := oneOf(r, subjects)
		started := g.day(standard.Date{Year: 2019, Month: 1, Day: 1}, standard.Date{Year: 2025, Month: 6, Day: 30})
		proj := standard.Project{
			ID: newID(r, g.at(dayOf(started))).String(), Name: fmt.Sprintf("%s%s（%d）", subj.zh, oneOf(r, projectAims), i+1), Programme: p.name,
			Category: pick(r, p.categories), OrganizationID: oneOf(r, orgs).ID, StartedOn: started, StandardIDs: []string{},
		}
		if accepted := standard.AddDays(started, between(r, 540, 1100)); !accepted.After(g.until) {
			proj.AcceptedOn = accepted
		}
		switch x := r.Float64(); {
		case x < 0.62 && len(produced) > 0: // a standard or more came of it
			for k := between(r, 1, 3); k > 0; k-- {
				if id := oneOf(r, produced).ID; !contains(proj.StandardIDs, id) {
					proj.StandardIDs = append(proj.StandardIDs, id)
				}
			}
		case x < 0.70 && len(terminated) > 0: // only a draft, terminated or never approved
			proj.StandardIDs = append(proj.StandardIDs, oneOf(r, terminated).ID)
		}
		proj.CreatedAt, proj.UpdatedAt, proj.Version = g.at(dayOf(started)), g.at(g.untilDay), 1
		out = append(out, proj)
	}
	return out
}

func (g *Generator) pilots(orgs []standard.Organization) []standard.Pilot {
	r := g.r
	var out []standard.Pilot
	add := func(name string, kind standard.PilotKind, level standard.PilotLevel, region string, first, last standard.Date) {
		approved := g.day(first, last)
		p := standard.Pilot{ID: newID(r, g.at(dayOf(approved))).String(), Name: name, Kind: kind, Level: level, Region: region, ApprovedOn: approved, Status: standard.PilotBuilding}
		if chance(r, 0.3) {
			p.OrganizationID = oneOf(r, orgs).ID
		}
		switch accepted := standard.AddDays(approved, between(r, 500, 900)); {
		case chance(r, 0.06):
			p.Status = standard.PilotRevoked
		case !accepted.After(g.until):
			p.Status, p.AcceptedOn = standard.PilotAccepted, accepted
		}
		p.CreatedAt, p.UpdatedAt, p.Version = g.at(dayOf(approved)), g.at(g.untilDay), 1
		out = append(out, p)
	}
	planStart, planEnd := standard.Date{Year: 2023, Month: 1, Day: 1}, standard.Date{Year: 2025, Month: 12, Day: 31}
	earlier := standard.Date{Year: 2018, Month: 1, Day: 1}
	for _, c := range cities {
		level := standard.PilotProvincial
		if chance(r, 0.35) {
			level = standard.PilotNational
		}
		add(c.name+"市 标准化创新发展试点城市", standard.PilotCity, level, c.code, planStart, planEnd)
		for i, d := range c.districts {
			if !chance(r, 0.3) {
				continue
			}
			first, last := planStart, planEnd
			if chance(r, 0.3) { // approved before the plan's period
				first, last = earlier, standard.Date{Year: 2022, Month: 12, Day: 31}
			}
			region := fmt.Sprintf("%s%02d", c.code[:4], i+2)
			add(c.name+"市"+d+"区 县域标准化试点", standard.PilotCounty, standard.PilotCityLevel, region, first, last)
		}
		if chance(r, 0.6) {
			subj := oneOf(r, subjects)
			add(c.name+"市 "+subj.zh+" 标准化示范区", standard.PilotDomain, oneOf(r, standard.PilotLevels), c.code, earlier, planEnd)
		}
	}
	return out
}

func (g *Generator) bodies(orgs []standard.Organization) []standard.TechnicalBody {
	r := g.r
	institutes := g.byKind[standard.OrgInstitute]
	secretariat := func() string {
		if len(institutes) > 0 && chance(r, 0.7) {
			return g.orgs[oneOf(r, institutes)].ID
		}
		return oneOf(r, orgs).ID
	}
	var out []standard.TechnicalBody
	add := func(code, name string, level standard.BodyLevel, recent bool) {
		first, last := standard.Date{Year: 2005, Month: 1, Day: 1}, standard.Date{Year: 2022, Month: 12, Day: 31}
		if recent {
			first, last = standard.Date{Year: 2023, Month: 1, Day: 1}, standard.Date{Year: 2025, Month: 12, Day: 31}
		}
		settled := g.day(first, last)
		out = append(out, standard.TechnicalBody{
			ID: newID(r, g.at(dayOf(settled))).String(), Code: code, Name: name, Level: level, SecretariatOrganizationID: secretariat(), SettledOn: settled,
			CreatedAt: g.at(dayOf(settled)), UpdatedAt: g.at(dayOf(settled)), Version: 1,
		})
	}
	for _, b := range internationalBodies {
		add(b.code, b.name, standard.BodyInternational, chance(r, 0.4))
	}
	for _, b := range nationalBodies {
		add(b.code, b.name, standard.BodyNational, chance(r, 0.25))
	}
	for n := 1; n <= 60; n++ {
		if chance(r, 0.4) {
			add(fmt.Sprintf("ZJ/TC %d", n), fmt.Sprintf("浙江省%s标准化技术委员会", oneOf(r, subjects).zh), standard.BodyProvincial, chance(r, 0.3))
		}
	}
	return out
}

func contains(ids []string, id string) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

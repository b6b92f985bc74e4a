package pages

// charts is what audit.js draws: each chart's categories, values and the
// page each bar opens, so a click on a figure lands on its standards.
type charts struct {
	Target     int          `json:"target"`
	ByYear     chartSeries  `json:"by_year"`
	ByRegion   chartSeries  `json:"by_region"`
	Indicators []chartPoint `json:"indicators"`
	Histogram  histogram    `json:"histogram"`
	Stages     stageSeries  `json:"stages"`
}

// stageSeries is the mean days spent in each stage.
type stageSeries struct {
	Labels []string  `json:"labels"`
	Days   []float64 `json:"days"`
	Count  []int     `json:"count"`
	URL    string    `json:"url"` // the standards measured
}

// histogram is the distribution of the cycles by whole months: bar n
// counts the cycles over n-1 months and up to n.
type histogram struct {
	Months    []int  `json:"months"`
	Counts    []int  `json:"counts"`
	WithinURL string `json:"within_url"` // the standards within the target: the bars up to it
	PastURL   string `json:"past_url"`   // those past it: the bars after it
}

type chartSeries struct {
	Labels []string  `json:"labels"`
	Mean   []float64 `json:"mean"`
	Median []float64 `json:"median"`
	P90    []float64 `json:"p90"`
	Count  []int     `json:"count"`
	URLs   []string  `json:"urls"`
}

type chartPoint struct {
	Label    string  `json:"label"`
	Progress float64 `json:"progress"` // percent of the target reached
	AtMost   bool    `json:"at_most"`
	URL      string  `json:"url"`
}

func seriesOf(figures []figure) chartSeries {
	s := chartSeries{Labels: []string{}, Mean: []float64{}, Median: []float64{}, P90: []float64{}, Count: []int{}, URLs: []string{}}
	for _, f := range figures {
		s.Labels = append(s.Labels, f.Label)
		s.Mean = append(s.Mean, round1(f.Mean))
		s.Median = append(s.Median, round1(f.Median))
		s.P90 = append(s.P90, round1(f.P90))
		s.Count = append(s.Count, f.Count)
		s.URLs = append(s.URLs, f.URL)
	}
	return s
}

func chartData(d *auditData) charts {
	c := charts{Target: d.Target, ByYear: seriesOf(d.ByYear), ByRegion: seriesOf(d.ByRegion), Indicators: []chartPoint{}}
	c.Histogram = histogram{Months: []int{}, Counts: []int{}, WithinURL: d.WithinURL, PastURL: d.PastURL}
	if d.Target == 0 { // no target: every bar opens the whole distribution
		c.Histogram.WithinURL = d.OverallURL
	}
	c.Stages = stageSeries{Labels: []string{}, Days: []float64{}, Count: []int{}, URL: d.OverallURL}
	for _, st := range d.Stages {
		c.Stages.Labels = append(c.Stages.Labels, st.Name)
		c.Stages.Days = append(c.Stages.Days, round1(st.MeanDays))
		c.Stages.Count = append(c.Stages.Count, st.Count)
	}
	for _, b := range d.Histogram {
		c.Histogram.Months = append(c.Histogram.Months, b.Months)
		c.Histogram.Counts = append(c.Histogram.Counts, b.Count)
	}
	for _, in := range d.Indicators {
		if in.Actual == nil {
			continue
		}
		c.Indicators = append(c.Indicators, chartPoint{Label: in.Name, Progress: round1(in.Progress * 100), AtMost: in.AtMost, URL: in.URL})
	}
	return c
}

func round1(f float64) float64 {
	return float64(int64(f*10+0.5)) / 10
}

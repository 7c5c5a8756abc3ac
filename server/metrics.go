package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/cartfx/cartfx/effects"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// series holds each (route, method, status)'s counter and histogram,
	// found once: the labels are bounded (routes, methodLabel, statuses).
	series  sync.Map // seriesKey → *series
	effects *prometheus.CounterVec
	byType  sync.Map // effects.Type → the effects counter of the type
	reloads *prometheus.CounterVec
	handler http.Handler
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cartfx_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cartfx_http_request_duration_seconds", Help: "HTTP request latency by route, method and status.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method", "status"}),
		effects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cartfx_effects_total", Help: "Effects answered, by effect type.",
		}, []string{"type"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cartfx_campaign_reloads_total", Help: "Campaign file reloads, by result (ok, failed).",
		}, []string{"result"}),
	}
	if reg == nil {
		r := prometheus.NewRegistry()
		r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		reg = r
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.effects, m.reloads} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	// The result labels exist from the start, at zero.
	m.reloads.WithLabelValues("ok")
	m.reloads.WithLabelValues("failed")
	if g, ok := reg.(prometheus.Gatherer); ok {
		m.handler = promhttp.HandlerFor(g, promhttp.HandlerOpts{})
	} else {
		m.handler = promhttp.Handler()
	}
	return m, nil
}

type seriesKey struct {
	route, method string
	status        int
}

type series struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

// observe counts a request and its latency.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	k := seriesKey{route, method, status}
	v, ok := m.series.Load(k)
	if !ok {
		code := strconv.Itoa(status)
		v, _ = m.series.LoadOrStore(k, &series{count: m.requests.WithLabelValues(route, method, code),
			latency: m.latency.WithLabelValues(route, method, code)})
	}
	sr := v.(*series)
	sr.count.Inc()
	sr.latency.Observe(d.Seconds())
}

// countEffects counts the effects of an answer by type, each run of one
// type at once, with each type's counter found once.
func (m *metrics) countEffects(list []effects.Effect) {
	for i := 0; i < len(list); {
		t := list[i].Type()
		n := 1
		for i+n < len(list) && list[i+n].Type() == t {
			n++
		}
		i += n
		c, ok := m.byType.Load(t)
		if !ok {
			c, _ = m.byType.LoadOrStore(t, m.effects.WithLabelValues(string(t)))
		}
		c.(prometheus.Counter).Add(float64(n))
	}
}

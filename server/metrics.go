package server

import (
	"net/http"

	"github.com/cartfx/cartfx/effects"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	effects  *prometheus.CounterVec
	reloads  *prometheus.CounterVec
	handler  http.Handler
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

// countEffects counts the effects of an answer by type.
func (m *metrics) countEffects(list []effects.Effect) {
	for _, e := range list {
		m.effects.WithLabelValues(string(e.Type())).Inc()
	}
}

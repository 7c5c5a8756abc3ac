module github.com/cartfx/cartfx

go 1.26.8

require (
	github.com/expr-lang/expr v1.17.8
	github.com/google/go-cmp v0.7.0
	github.com/shopspring/decimal v1.6.0
	go.yaml.in/yaml/v3 v3.0.3
	golang.org/x/text v0.44.0
	pgregory.net/rapid v1.3.0
)

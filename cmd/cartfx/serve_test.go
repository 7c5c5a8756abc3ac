package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeFlags(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	sf, err := parseServe([]string{"--campaigns", "c.yaml", "--allow", "10.0.0.0/8,192.0.2.7", "--max-body", "64KiB", "--base-path", "/talon"}, env("a, b"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(sf.cfg.APIKeys, "|"); got != "a|b" || sf.cfg.MaxBody != 64<<10 || len(sf.cfg.Allow) != 2 ||
		sf.cfg.Allow[1].String() != "192.0.2.7/32" || sf.cfg.BasePath != "/talon" || sf.addr != "127.0.0.1:8080" {
		t.Errorf("%+v", sf)
	}
	keys := filepath.Join(t.TempDir(), "keys")
	os.WriteFile(keys, []byte("# keys\nk1\n\nk2\n"), 0o600)
	if sf, err = parseServe([]string{"--campaigns", "c.yaml", "--api-keys", keys}, env(""), nil); err != nil || strings.Join(sf.cfg.APIKeys, "|") != "k1|k2" {
		t.Errorf("--api-keys: %v %v", sf, err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--campaigns", "c.yaml"}, "no API key: set CARTFX_API_KEYS or --api-keys FILE, or give --insecure-no-auth to serve without auth"},
		{[]string{}, "--campaigns is required (run cartfx help serve)"},
		{[]string{"--campaigns", "c.yaml", "--store", "mysql://x", "--insecure-no-auth"}, `--store "mysql://x": expected memory or a postgres:// URL`},
		{[]string{"--campaigns", "c.yaml", "--allow", "nope"}, `--allow: "nope" is not a network such as 10.0.0.0/8 or an address`},
		{[]string{"--campaigns", "c.yaml", "--max-body", "lots"}, `--max-body "lots": expected a size such as 1MiB, 512KiB or 65536`},
	} {
		if _, err := parseServe(tt.args, env(""), nil); err == nil || err.Error() != tt.want {
			t.Errorf("%v: %v; want %s", tt.args, err, tt.want)
		}
	}
	if _, err := parseServe([]string{"--campaigns", "c.yaml", "--insecure-no-auth"}, env(""), nil); err != nil {
		t.Errorf("--insecure-no-auth: %v", err)
	}
	for _, store := range []string{"memory", "postgres://cartfx@db/shop", "postgresql://cartfx@db/shop?pool_max_conns=16"} {
		if sf, err := parseServe([]string{"--campaigns", "c.yaml", "--insecure-no-auth", "--store", store}, env(""), nil); err != nil || sf.store != store {
			t.Errorf("--store %s: %+v, %v", store, sf, err)
		}
	}
}

func TestServeRefusesABrokenCampaignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte("currency: EUR\ncampaigns:\n  - id: 1\n    rules:\n      - name: r\n        condition: nope ==\n"), 0o644)
	code, _, errOut := runCLI("serve", "--campaigns", path, "--insecure-no-auth")
	if code != 2 || !strings.Contains(errOut, path+":6:") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

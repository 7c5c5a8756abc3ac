package main

import (
	"bufio"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store/postgres/postgrestest"
)

// storeURL is the test database's URL with the test's schema first on the
// search path.
func storeURL(t *testing.T, db *postgrestest.DB) string {
	t.Helper()
	u, err := url.Parse(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", db.Schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestMigrateCommand(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "cartfx migrate: --store is required: the PostgreSQL database's URL, such as postgres://cartfx@127.0.0.1:5432/shop (run cartfx help migrate)\n"},
		{[]string{"--store", "memory"}, "cartfx migrate: --store: expected a postgres:// URL\n"},
	} {
		if code, _, errOut := runCLI(append([]string{"migrate"}, tt.args...)...); code != 2 || errOut != tt.want {
			t.Errorf("migrate %v: exit %d, stderr %q; want 2, %q", tt.args, code, errOut, tt.want)
		}
	}
	db := postgrestest.New(t)
	u := storeURL(t, db)
	if code, out, errOut := runCLI("migrate", "--store", u); code != 0 || out != "applied migration 1, 2; the schema is at version 2\n" {
		t.Errorf("the first migrate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, out, errOut := runCLI("migrate", "--store", u); code != 0 || out != "the schema is up to date (version 2)\n" {
		t.Errorf("the second migrate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// Nothing listens on port 1: a clear failure, exit 2.
	if code, _, errOut := runCLI("migrate", "--store", "postgres://cartfx@127.0.0.1:1/cartfx?connect_timeout=5"); code != 2 || !strings.HasPrefix(errOut, "cartfx migrate: ") {
		t.Errorf("an unreachable database: exit %d, stderr %q", code, errOut)
	}
}

const persistCampaigns = `currency: EUR
campaigns:
  - id: 1
    name: Five off
    rules:
      - name: five off
        condition: Session.CartItemTotal >= 20
        effects:
          - type: setDiscount
            name: Five off
            value: 5
`

// A session closed through one cartfx serve --store postgres://... is
// there for the next process on the same database.
func TestServeKeepsSessionsInPostgreSQL(t *testing.T) {
	db := postgrestest.New(t)
	u := storeURL(t, db)
	dir := t.TempDir()
	bin := filepath.Join(dir, "cartfx")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	campaigns := filepath.Join(dir, "campaigns.yaml")
	if err := os.WriteFile(campaigns, []byte(persistCampaigns), 0o644); err != nil {
		t.Fatal(err)
	}
	serve := func(t *testing.T, f func(base string)) {
		cmd := exec.Command(bin, "serve", "--campaigns", campaigns, "--store", u, "--addr", "127.0.0.1:0", "--insecure-no-auth")
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		addr := regexp.MustCompile(`msg=serving addr=(\S+)`)
		lines := bufio.NewScanner(stderr)
		base := ""
		for base == "" && lines.Scan() {
			if m := addr.FindStringSubmatch(lines.Text()); m != nil {
				base = "http://" + m[1]
			}
		}
		if base == "" {
			t.Fatalf("cartfx serve did not say where it serves")
		}
		go func() { _, _ = io.Copy(io.Discard, stderr) }()
		f(base)
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("cartfx serve exited with %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("cartfx serve did not stop within 30s of SIGTERM")
		}
	}
	request := func(method, target, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, target, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data)
	}
	serve(t, func(base string) {
		status, body := request(http.MethodPut, base+"/v2/customer_sessions/kept-1",
			`{"customerSession": {"profileId": "ann", "state": "closed", "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}}`)
		if status != http.StatusOK || !strings.Contains(body, `"Five off"`) {
			t.Fatalf("closing a session: %d %s", status, body)
		}
	})
	serve(t, func(base string) {
		status, body := request(http.MethodGet, base+"/v2/customer_sessions/kept-1", "")
		if status != http.StatusOK || !strings.Contains(body, `"state":"closed"`) || !strings.Contains(body, `"Five off"`) {
			t.Errorf("the session after a restart: %d %s", status, body)
		}
	})
}

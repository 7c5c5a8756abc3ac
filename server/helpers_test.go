package server

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// testNow is the clock of every test server.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const testKey = "test-key"

// newTest returns a test server on 127.0.0.1 over testdata/campaigns.yaml,
// with the key testKey and the fixed clock; change adjusts the config.
func newTest(t testing.TB, change func(*Config)) (*Server, *httptest.Server) {
	t.Helper()
	cfg := Config{Campaigns: campaignsCopy(t), APIKeys: []string{testKey},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: func() time.Time { return testNow }}
	if change != nil {
		change(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// campaignsChanged is the modification time of the test campaign file,
// which the answers give as the campaigns' created and updated times.
var campaignsChanged = testNow.Add(-72 * time.Hour)

// campaignsCopy copies testdata/campaigns.yaml into a temporary directory
// with the modification time campaignsChanged, so that the answers do not
// depend on when the repository was checked out.
func campaignsCopy(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile("testdata/campaigns.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "campaigns.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, campaignsChanged, campaignsChanged); err != nil {
		t.Fatal(err)
	}
	return path
}

// call makes one request with the test key and a JSON body (when body is
// not empty), and returns the status and body.
func call(t testing.TB, ts *httptest.Server, method, path, body string, headers ...string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "ApiKey-v1 "+testKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(data)
}

// golden compares got with testdata/NAME, or writes it there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./server -run %s -update)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got; go test ./server -update rewrites it):\n%s", path, diff)
	}
}

// exchange is one request and its answer in a golden file.
type exchange struct {
	name, method, path, body string
	headers                  []string
}

// replay runs the exchanges in order against ts and writes them as text:
// the request line, then the status, then the body.
func replay(t *testing.T, ts *httptest.Server, list []exchange) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, x := range list {
		status, body := call(t, ts, x.method, x.path, x.body, x.headers...)
		out.WriteString("### " + x.name + "\n" + x.method + " " + x.path + "\n")
		if x.body != "" {
			out.WriteString(x.body + "\n")
		}
		var pretty bytes.Buffer
		if json.Indent(&pretty, []byte(body), "", "  ") == nil {
			body = pretty.String()
		}
		out.WriteString("--> " + strconv.Itoa(status) + " " + http.StatusText(status) + "\n" + strings.TrimSpace(body) + "\n\n")
	}
	return out.Bytes()
}

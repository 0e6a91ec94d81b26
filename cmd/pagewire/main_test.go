package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNewRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
	for _, args := range [][]string{
		nil,
		{"old"},
		{"new"},
		{"new", "a", "b"},
		{"new", "-module", "../evil", filepath.Join(t.TempDir(), "app")},
		{"new", "-tidy=false", dir}, // not empty
	} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("pagewire %v succeeded", args)
		}
	}
}

// TestNewAppBuildsAndServes scaffolds an app against this checkout, builds
// it, starts it on a free port and asks it for a page and a missing path.
func TestNewAppBuildsAndServes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a whole app; skipped with -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "myapp")
	if err := run([]string{"new", "-module", "example.com/myapp", "-replace", root, dir}, io.Discard, os.Stderr); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil || !strings.Contains(string(b), `"example.com/myapp/pages"`) || strings.Contains(string(b), "skeleton") {
		t.Fatalf("main.go imports not rewritten: %s", b)
	}
	bin := filepath.Join(t.TempDir(), "myapp")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// -addr, then PORT: the app listens where it is told.
	for _, how := range []string{"-addr", "PORT"} {
		t.Run(how, func(t *testing.T) { serveAndCheck(t, bin, how) })
	}
}

// serveAndCheck starts bin on a free port, given by -addr or by PORT, and
// asks it for a page and a missing path.
func serveAndCheck(t *testing.T, bin, how string) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	app := exec.CommandContext(ctx, bin, "-addr", addr)
	if how == "PORT" {
		app = exec.CommandContext(ctx, bin)
		app.Env = append(os.Environ(), "PORT="+port)
	}
	stderr, _ := app.StderrPipe()
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { app.Process.Kill(); app.Wait() }()
	lines := bufio.NewReader(stderr)
	for i := 0; ; i++ {
		line, err := lines.ReadString('\n')
		if strings.Contains(line, ":"+port+"/") {
			break
		}
		if err != nil || i == 10 {
			t.Fatalf("no startup line with the URL; last %q", line)
		}
	}
	for path, want := range map[string]struct {
		status int
		text   string
	}{"/": {200, "It works"}, "/nope": {404, "There is nothing at <code>/nope</code>"}} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want.status || !strings.Contains(string(body), want.text) {
			t.Errorf("GET %s: %d %q", path, resp.StatusCode, body)
		}
	}
}

// offline makes the go command use only the module cache and the
// -replace checkout, as the tests must not need the network.
func offline(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
}

// TestNewAppPassesItsOwnTests scaffolds an app against this checkout and
// runs go test and go vet in it; its README explains the replace line.
func TestNewAppPassesItsOwnTests(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a whole app; skipped with -short")
	}
	offline(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "myapp")
	if err := run([]string{"new", "-replace", root, dir}, io.Discard, os.Stderr); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"test", "-count=1", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %v in the new app: %v\n%s", args, err, out)
		}
		if args[0] == "test" && !strings.Contains(string(out), "ok  \tmyapp") {
			t.Errorf("go test ran no tests:\n%s", out)
		}
	}
	readmeText, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go run .", "go test ./...", "make generate", "replace " + frameworkModule + " => " + root, "not published"} {
		if !strings.Contains(string(readmeText), want) {
			t.Errorf("README.md lacks %q:\n%s", want, readmeText)
		}
	}
	mk, err := os.ReadFile(filepath.Join(dir, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"\nrun:", "\ntest:", "\ngenerate:"} {
		if !strings.Contains(string(mk), target) {
			t.Errorf("Makefile lacks %q", target)
		}
	}
	// Without -replace the README has no replace section.
	if strings.Contains(readme(frameworkModule+"/x", ""), "replace ") {
		t.Error("README without -replace mentions a replace line")
	}
}

// TestNewFailureLeavesNothing makes pagewire new fail at several points
// and checks that no folder, finished or half-written, is left behind.
func TestNewFailureLeavesNothing(t *testing.T) {
	offline(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("parent is a file", func(t *testing.T) {
		parent := t.TempDir()
		file := filepath.Join(parent, "file")
		if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := run([]string{"new", "-replace", root, filepath.Join(file, "app")}, io.Discard, io.Discard); err == nil {
			t.Fatal("pagewire new under a file succeeded")
		}
		if b, err := os.ReadFile(file); err != nil || string(b) != "x" {
			t.Errorf("the file changed: %q %v", b, err)
		}
		assertOnly(t, parent, "file")
	})
	t.Run("injected error before the rename", func(t *testing.T) {
		parent := t.TempDir()
		injected := errors.New("injected")
		var saw string
		beforeRename = func(tmp string) error {
			saw = tmp
			if _, err := os.Stat(filepath.Join(tmp, "main.go")); err != nil {
				t.Errorf("the temporary folder is not the app: %v", err)
			}
			return injected
		}
		defer func() { beforeRename = func(string) error { return nil } }()
		err := run([]string{"new", "-tidy=false", "-replace", root, filepath.Join(parent, "app")}, io.Discard, io.Discard)
		if !errors.Is(err, injected) {
			t.Fatalf("err %v, want the injected one", err)
		}
		if filepath.Dir(saw) != parent {
			t.Errorf("temporary folder %s is not beside the target", saw)
		}
		assertOnly(t, parent)
	})
	t.Run("go mod tidy fails without -replace", func(t *testing.T) {
		if testing.Short() {
			t.Skip("runs go mod tidy; skipped with -short")
		}
		parent := t.TempDir()
		var stderr strings.Builder
		err := run([]string{"new", filepath.Join(parent, "app")}, io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error(), "-replace") {
			t.Fatalf("err %v, want one that suggests -replace", err)
		}
		assertOnly(t, parent)
	})
	t.Run("an empty target stays", func(t *testing.T) {
		parent := t.TempDir()
		if err := os.Mkdir(filepath.Join(parent, "app"), 0o755); err != nil {
			t.Fatal(err)
		}
		err := run([]string{"new", "-tidy=false", "-replace", filepath.Join(parent, "nowhere"), filepath.Join(parent, "app")}, io.Discard, io.Discard)
		if err == nil {
			t.Fatal("a -replace folder without go.mod was accepted")
		}
		assertOnly(t, parent, "app")
		if entries, _ := os.ReadDir(filepath.Join(parent, "app")); len(entries) != 0 {
			t.Errorf("app is not empty: %v", entries)
		}
	})
}

// assertOnly fails unless dir holds exactly the entries names.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

// TestHelp prints the usage, with the -replace explanation, on -h (to
// stdout, exit 0) and with no arguments (to stderr, exit 2).
func TestHelp(t *testing.T) {
	if os.Getenv("PAGEWIRE_TEST_MAIN") == "1" {
		os.Args = append([]string{"pagewire"}, strings.Fields(os.Getenv("PAGEWIRE_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	for _, c := range []struct {
		args           string
		code           int
		stdout, stderr bool // where the usage goes
	}{
		{"-h", 0, true, false},
		{"help", 0, true, false},
		{"new -h", 0, true, false},
		{"", 2, false, true},
		{"old", 2, false, true},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelp$")
		cmd.Env = append(os.Environ(), "PAGEWIRE_TEST_MAIN=1", "PAGEWIRE_TEST_ARGS="+c.args)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code {
			t.Errorf("pagewire %s: exit %d, want %d", c.args, code, c.code)
		}
		for _, out := range []struct {
			text string
			want bool
		}{{stdout.String(), c.stdout}, {stderr.String(), c.stderr}} {
			has := strings.Contains(out.text, "usage: pagewire new") && strings.Contains(out.text, "not published yet") && strings.Contains(out.text, "-replace")
			if has != out.want {
				t.Errorf("pagewire %s: usage in %q is %v, want %v", c.args, out.text, has, out.want)
			}
		}
	}
}

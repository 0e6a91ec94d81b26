package framework

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Inference of a page's path and name from the file that registers it,
// as Dash's register_page infers them from the module.

// moduleName is the page file's base name without extension and without a
// templ "_templ" suffix: ".../pages/weekly_analytics.go" -> "weekly_analytics".
func moduleName(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	return strings.TrimSuffix(base, "_templ")
}

// inferPath derives a page path from its file: the part after the last
// "pages" directory, underscores as hyphens, "home" and "index" as the
// folder itself. "pages/reports/q1_sales.go" -> "/reports/q1-sales".
func inferPath(file string) string {
	file = filepath.ToSlash(file)
	rel := filepath.Base(file)
	if i := strings.LastIndex(file, "/pages/"); i >= 0 {
		rel = file[i+len("/pages/"):]
	} else if strings.HasPrefix(file, "pages/") {
		rel = file[len("pages/"):]
	}
	dir, base := "", rel
	if i := strings.LastIndex(rel, "/"); i >= 0 {
		dir, base = rel[:i], rel[i+1:]
	}
	base = moduleName(base)
	var segs []string
	if dir != "" {
		segs = strings.Split(dir, "/")
	}
	if base != "home" && base != "index" {
		segs = append(segs, base)
	}
	for i, s := range segs {
		segs[i] = strings.ToLower(strings.ReplaceAll(s, "_", "-"))
	}
	return "/" + strings.Join(segs, "/")
}

// inferName derives a display name from the page file:
// "weekly_analytics.go" -> "Weekly analytics".
func inferName(file string) string {
	s := strings.ReplaceAll(moduleName(file), "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return ""
	}
	return string(unicode.ToUpper(r)) + strings.ToLower(s[n:])
}

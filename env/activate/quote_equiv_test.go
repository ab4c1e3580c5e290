package activate

import (
	"math/rand"
	"strings"
	"testing"
)

// The quoting functions replace runes one by one; strings.Replacer with the
// same single-rune pairs is the reference they must match byte for byte,
// invalid UTF-8 included.
func TestQuotingMatchesReplacer(t *testing.T) {
	ref := map[string]struct {
		got  func(string) string
		want func(string) string
	}{
		"fish": {quoteFish, func(s string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'" }},
		"csh":  {quoteCsh, func(s string) string { return "'" + strings.NewReplacer(`'`, `'\''`, `!`, `'\!'`).Replace(s) + "'" }},
		"pwsh": {quotePwsh, func(s string) string {
			return "'" + strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b").Replace(s) + "'"
		}},
		"bash":   {promptBash, strings.NewReplacer(`\`, `\\\\`, `$`, `\\$`, "`", "\\\\`").Replace},
		"posix":  {promptPOSIX, strings.NewReplacer(`\`, `\\`, `$`, `\$`, "`", "\\`").Replace},
		"cshprm": {promptCsh, strings.NewReplacer(`%`, `%%`, `!`, `\!`, `\`, `\\`).Replace},
	}
	alphabet := []string{"a", "/", " ", "'", `\`, "!", "$", "`", "%", "\u2018", "\u2019", "\u201a", "\u201b", "\u201c", "é", "\xff", "\xe2\x80", "\"", "日"}
	rng := rand.New(rand.NewSource(1))
	inputs := []string{"", "plain", "it's", "\xff'\xe2\x80\x98"}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for n := rng.Intn(12); n > 0; n-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		inputs = append(inputs, b.String())
	}
	for name, f := range ref {
		for _, in := range inputs {
			if got, want := f.got(in), f.want(in); got != want {
				t.Fatalf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

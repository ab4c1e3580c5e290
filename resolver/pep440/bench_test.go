package pep440

import "testing"

var benchVersions = []string{"1.0", "2.31.0", "1!2.0rc1.post3.dev4+ubuntu.1", "v1.0-1", "2024.10.1"}

func BenchmarkParseVersion(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(benchVersions[i%len(benchVersions)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	x, y := MustParse("1.2.3rc1.post1"), MustParse("1.2.3rc1.post2")
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		n += x.Compare(y)
	}
	if n > 0 {
		b.Fatal(n)
	}
}

func BenchmarkParseSpecifierSet(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseSpecifierSet(">=1.4.2, <2.0, !=1.5.*"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSpecifierContains checks one candidate against a typical
// three-clause set (a "specifier check").
func BenchmarkSpecifierContains(b *testing.B) {
	ss := mustSet(">=1.4.2, <2.0, !=1.5.*")
	vs := []Version{MustParse("1.5.3"), MustParse("1.9.1"), MustParse("2.0rc1"), MustParse("1.4.2+local")}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if ss.Contains(vs[i&3]) {
			n++
		}
	}
	_ = n
}

func BenchmarkSpecifierContainsCompatible(b *testing.B) {
	sp, _ := ParseSpecifier("~=2.2.1")
	v := MustParse("2.2.9")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !sp.Contains(v) {
			b.Fatal()
		}
	}
}

func BenchmarkSetContains(b *testing.B) {
	set, _ := FromSpecifierSet(mustSet(">=1.4.2, <2.0, !=1.5.*, !=1.7.0"))
	v := MustParse("1.9.1")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !set.Contains(v) {
			b.Fatal()
		}
	}
}

func BenchmarkSetIntersect(b *testing.B) {
	x, _ := FromSpecifierSet(mustSet(">=1.4.2, <3.0, !=1.5.*"))
	y, _ := FromSpecifierSet(mustSet(">=2.0, !=2.1.3, <4"))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if x.Intersect(y).IsEmpty() {
			b.Fatal()
		}
	}
}

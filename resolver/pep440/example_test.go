package pep440_test

import (
	"fmt"

	"github.com/fwenv/fwenv/resolver/pep440"
)

func ExampleParse() {
	for _, s := range []string{"1.0.0a1", "v1.2", "1.0-post1", "1.0.post", "1.0-1", "1.0+Local.Ver", "01.02RC3"} {
		v, _ := pep440.Parse(s)
		fmt.Println(v)
	}
	fmt.Println(pep440.MustParse("1.0").Compare(pep440.MustParse("1.0.0")))
	_, err := pep440.Parse("1.0+")
	fmt.Println(err)
	// Output:
	// 1.0.0a1
	// 1.2
	// 1.0.post1
	// 1.0.post0
	// 1.0.post1
	// 1.0+local.ver
	// 1.2rc3
	// 0
	// invalid version "1.0+": expected a local version label after "+", got the end of the input at column 5
}

func ExampleSpecifierSet_Filter() {
	ss, _ := pep440.ParseSpecifierSet(">=1.0, <3")
	vs := []pep440.Version{pep440.MustParse("0.9"), pep440.MustParse("2.0b1"), pep440.MustParse("2.1")}
	fmt.Println(ss.Filter(vs, pep440.PreAuto))
	fmt.Println(ss.Filter(vs[:2], pep440.PreAuto)) // only a pre-release matches
	fmt.Println(ss.Filter(vs, pep440.PreInclude))
	_, err := pep440.ParseSpecifierSet(">=1.0,<")
	fmt.Println(err)
	// Output:
	// [2.1]
	// [2.0b1]
	// [2.0b1 2.1]
	// invalid specifier ">=1.0,<": expected a version after "<" at column 8
}

func ExampleFromSpecifierSet() {
	a, _ := pep440.FromSpecifierSet(mustSet(">=1.0, <2, !=1.5.*"))
	b, _ := pep440.FromSpecifierSet(mustSet(">=1.5"))
	fmt.Println(a)
	fmt.Println(a.Intersect(b))
	fmt.Println(a.Intersect(b).Contains(pep440.MustParse("1.5.2")), a.Intersect(b).Contains(pep440.MustParse("1.6")))
	// Output:
	// >=1.0, <1.5.dev0 || >=1.6.dev0, <2.dev0
	// >=1.6.dev0, <2.dev0
	// false true
}

func mustSet(s string) pep440.SpecifierSet {
	ss, err := pep440.ParseSpecifierSet(s)
	if err != nil {
		panic(err)
	}
	return ss
}

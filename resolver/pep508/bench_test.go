package pep508

import "testing"

func BenchmarkParseRequirement(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseRequirement(`requests[socks]>=2.8.1,<3; python_version >= "3.8" and sys_platform != "win32"`); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMarker(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseMarker(`python_version >= "3.8" and (sys_platform == "linux" or extra == "tests")`); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarkerEvaluate(b *testing.B) {
	m, _ := ParseMarker(`python_version >= "3.8" and (sys_platform == "linux" or extra == "tests")`)
	env, _ := SyntheticEnvironment("3.11.7", "linux_x86_64")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ok, err := m.Evaluate(env); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

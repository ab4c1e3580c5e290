package wheelname

// EditDistance is the Levenshtein distance between a and b, in bytes
// (project and flag names are ASCII): how many letters to insert, delete
// or change. "Did you mean" suggestions (the solver's hint for a name that
// matches nothing, the command line's for an unknown flag) rank by it.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

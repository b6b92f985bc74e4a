//go:build race

package tabular

// raceEnabled is set under the race detector, which makes heap figures
// meaningless and large writes ten times slower.
const raceEnabled = true

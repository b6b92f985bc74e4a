// Package creditcode normalizes and validates the unified social credit code
// (统一社会信用代码) of GB 32100-2015, the 18-character identifier carried by
// every registered legal person and other organization in China.
//
// Normalizing and validating are separate steps on purpose. Normalize repairs
// the harmless noise real input carries (full-width characters pasted from a
// Chinese document, lower-case letters, surrounding spaces), so the registry
// stores one canonical spelling. Validate then reports what is still wrong, in
// a message an API client can show to a person.
package creditcode

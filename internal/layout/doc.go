// Package layout holds no code: its tests check the rules DESIGN.md sets for the repository's
// layout. They live outside engine/ so that the engine's own tree never names what it must
// not import.
package layout

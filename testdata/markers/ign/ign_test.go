package ign

import "testing"

func TestIgn(t *testing.T) {
	if Partly(20) != 11 {
		t.Fatal("Partly")
	}
	if Switch(2) != "two" || Else(1) != 1 || Unused() != 3 {
		t.Fatal("Switch/Else/Unused")
	}
	G0(1)
	G1()
	_ = KeepMock() + RootOnly()
}

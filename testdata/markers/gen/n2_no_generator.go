// Code generated DO NOT EDIT.

package gen

func N2() int {
	return 1
}

// Code generated  DO NOT EDIT.

package gen

func G5() int {
	a := 1
	a++
	a++
	a++
	return a
}

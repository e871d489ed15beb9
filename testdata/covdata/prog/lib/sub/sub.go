package sub

var total int

func Touch(i int) {
	if i%2 == 0 {
		total += i
	}
}

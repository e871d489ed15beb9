module example.com/markers

go 1.21

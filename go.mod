module github.com/iamplay/iamplay

go 1.26

package secrets

// CheckInputAsTree is CheckInput reading every body as a tree, as it reads the bodies its
// flat reader does not take (checkTree), for the external tests.
func CheckInputAsTree(op string, body []byte) []InputError {
	for i := range shapes {
		if shapes[i].Operation == op {
			return checkTree(&shapes[i], body, true)
		}
	}
	return nil
}

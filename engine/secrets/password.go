package secrets

import "strings"

type passwordInput struct {
	PasswordLength          *int64  `json:"PasswordLength"`
	ExcludeCharacters       *string `json:"ExcludeCharacters"`
	ExcludeNumbers          *bool   `json:"ExcludeNumbers"`
	ExcludePunctuation      *bool   `json:"ExcludePunctuation"`
	ExcludeUppercase        *bool   `json:"ExcludeUppercase"`
	ExcludeLowercase        *bool   `json:"ExcludeLowercase"`
	IncludeSpace            *bool   `json:"IncludeSpace"`
	RequireEachIncludedType *bool   `json:"RequireEachIncludedType"`
}

// The character classes of GetRandomPassword. Punctuation is "! " # $ % & ' ( ) * + , - . /
// : ; < = > ? @ [ \ ] ^ _ ` { | } ~" (ExcludePunctuation).
const (
	lowers      = "abcdefghijklmnopqrstuvwxyz"
	uppers      = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits      = "0123456789"
	punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
)

func on(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

// getRandomPassword is GetRandomPassword: "The length of the password. If you don't include
// this parameter, the default length is 32 characters" (1 to 4,096), from the classes not
// excluded, with one of each included class when RequireEachIncludedType (the default).
func getRandomPassword(s *Store, c *Call, r *Result) *Error {
	var in passwordInput
	if err := decode(c, &in); err != nil {
		return err
	}
	n := int64(32) // the shape holds PasswordLength between 1 and 4,096
	if in.PasswordLength != nil {
		n = *in.PasswordLength
	}
	exclude := ""
	if in.ExcludeCharacters != nil {
		exclude = *in.ExcludeCharacters
	}
	var classes []string
	add := func(excluded bool, set string) {
		if excluded {
			return
		}
		kept := strings.Map(func(r rune) rune {
			if strings.ContainsRune(exclude, r) {
				return -1
			}
			return r
		}, set)
		if kept != "" {
			classes = append(classes, kept)
		}
	}
	add(on(in.ExcludeLowercase, false), lowers)
	add(on(in.ExcludeUppercase, false), uppers)
	add(on(in.ExcludeNumbers, false), digits)
	add(on(in.ExcludePunctuation, false), punctuation)
	add(!on(in.IncludeSpace, false), " ")
	each := on(in.RequireEachIncludedType, true)
	if len(classes) == 0 || (each && int64(len(classes)) > n) {
		return errorf(InvalidParameter, "The password can't be generated with the parameters given: no characters are left to choose from, or the length is shorter than the number of character types required.")
	}
	if err := s.authorize(c, r, r.action, anyResource, nil); err != nil {
		return err
	}
	all := strings.Join(classes, "")
	pw := make([]byte, n)
	for i := range pw {
		pw[i] = all[s.rnd.IntN(len(all))]
	}
	if each {
		// one character of each class, at distinct random places
		places := s.rnd.Perm(int(n))
		for i, cl := range classes {
			pw[places[i]] = cl[s.rnd.IntN(len(cl))]
		}
	}
	return marshal(r, struct {
		RandomPassword string `json:"RandomPassword"`
	}{string(pw)})
}

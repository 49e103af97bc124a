package playground

// Every answer of the package's tests exports the world again and compares it with the view
// kept since the last step that may have changed it.
func init() { checkViews = true }

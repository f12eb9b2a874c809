package gateway

import "errors"

// ErrDeviceRequestLimit is what State.RequestDevice returns when the user has
// sent too many device requests lately; the request page answers 429 and
// says so.
var ErrDeviceRequestLimit = errors.New("too many device requests")

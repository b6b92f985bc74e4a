package access

import (
	"errors"

	"stdreg/internal/standard"
)

func asError(err error, target **standard.Error) bool { return errors.As(err, target) }

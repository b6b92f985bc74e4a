package access

import (
	"errors"

	"stdreg/internal/fault"
)

func asError(err error, target **fault.Error) bool { return errors.As(err, target) }

package officerules

import (
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

package app

// The window's console modes (ConsoleState.Mode).
const (
	// ConsolePortable: no engine ran on this machine, so the window runs
	// one itself, and the gateway stops when the window closes.
	ConsolePortable ConsoleMode = "portable"
	// ConsoleAttached: the window is the console of the engine that runs
	// as a service (or `sekisho serve`); closing it changes nothing.
	ConsoleAttached ConsoleMode = "attached"
)

// EventConsoleState carries a changed ConsoleState to the window (the
// attached engine's event stream went down or came back).
const EventConsoleState = "console:state"

// ConsoleState tells the window's frontend how it reaches the engine.
type ConsoleState struct {
	// Mode is ConsolePortable or ConsoleAttached.
	Mode ConsoleMode `json:"mode"`
	// DataDir is the engine's data folder.
	DataDir string `json:"dataDir"`
	// EngineURL and EnginePID name the attached engine's admin API and
	// process.
	EngineURL string `json:"engineUrl"`
	EnginePID int    `json:"enginePid"`
	// Connected: the window hears the attached engine (its event stream is
	// up). Always true in portable mode.
	Connected bool `json:"connected"`
	// ServiceDataDir is where the engine as an OS service keeps its data,
	// and InstallCommands what installs and starts it here (shown to copy:
	// they need an administrator).
	ServiceDataDir  string   `json:"serviceDataDir"`
	InstallCommands []string `json:"installCommands"`
}

// Console is bound in the desktop window only: the frontend asks it how
// this window reaches the engine before it calls any service. The admin API
// does not serve it.
type Console struct {
	state func() (ConsoleState, error)
}

// NewConsole returns the Console whose State calls state.
func NewConsole(state func() (ConsoleState, error)) *Console {
	return &Console{state: state}
}

// State returns the window's console state. While the window is still
// finding or starting its engine it waits.
func (c *Console) State(Empty) (ConsoleState, error) {
	return c.state()
}

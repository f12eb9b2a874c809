package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Limits of the desktop window check.
const (
	// renderTimeout is how long the window may take to show something.
	renderTimeout = 30 * time.Second
	// settleDelay is waited after the first non-blank picture, so that the
	// saved screenshot shows the rendered UI rather than a half-drawn one.
	settleDelay = 2 * time.Second
	// minColours and minStdDev tell a rendered UI from a blank or uniform
	// screen: anti-aliased text alone gives hundreds of colours.
	minColours = 50
	minStdDev  = 0.02
	// minDetail is the share of pixels that must differ from the two most
	// common colours (the screen around the window and the window's
	// background). A blank window with one line of text stays below 2 %;
	// Sekisho's UI, with its sidebar and cards, is far above.
	minDetail = 0.03
	// screenSize is Xvfb's screen.
	screenSize = "1280x900x24"
)

// shotStats describes a screenshot.
type shotStats struct {
	colours int     // distinct colours, counted up to maxCountedColours
	stdDev  float64 // standard deviation of the luminance, 0..1
	detail  float64 // share of pixels outside the two most common colours, 0..1
}

// maxCountedColours caps the colour count: beyond it the answer is the same.
const maxCountedColours = 100000

// rendered reports whether the picture shows more than a blank screen.
func (s shotStats) rendered() bool {
	return s.colours > minColours && s.stdDev > minStdDev && s.detail > minDetail
}

func (s shotStats) String() string {
	return fmt.Sprintf("%d colours, luminance std dev %.3f, detail %.1f%%", s.colours, s.stdDev, 100*s.detail)
}

// analyse counts the colours of img, the spread of its luminance and the
// share of pixels outside its two most common colours.
func analyse(img image.Image) shotStats {
	b := img.Bounds()
	counts := make(map[uint64]int)
	var n, sum, sumSq float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			key := uint64(r)<<48 | uint64(g)<<32 | uint64(bl)<<16 | uint64(a)
			if _, seen := counts[key]; seen || len(counts) < maxCountedColours {
				counts[key]++
			}
			// Rec. 601 luma on 0..1.
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 0xffff
			n++
			sum += l
			sumSq += l * l
		}
	}
	if n == 0 {
		return shotStats{}
	}
	first, second := 0, 0
	for _, c := range counts {
		switch {
		case c > first:
			first, second = c, first
		case c > second:
			second = c
		}
	}
	mean := sum / n
	return shotStats{
		colours: len(counts),
		stdDev:  math.Sqrt(math.Max(0, sumSq/n-mean*mean)),
		detail:  1 - float64(first+second)/n,
	}
}

// analyseFile decodes a PNG screenshot and analyses it.
func analyseFile(path string) (shotStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return shotStats{}, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return shotStats{}, fmt.Errorf("screenshot %s: %w", path, err)
	}
	return analyse(img), nil
}

// desktopSmoke starts the desktop binary under Xvfb with a fresh data
// directory, waits until its window shows the rendered UI, saves the
// screenshot to shotPath, and stops the app and Xvfb. It fails when the
// window stays blank or the app exits early.
func desktopSmoke(ctx context.Context, log *logger, env *environment, bin, shotPath string) error {
	return withXvfb(ctx, log, env, "sekisho-desktop-", func(tmp, display string) error {
		return smokeWindow(ctx, log, env, bin, shotPath, tmp, display)
	})
}

// withXvfb runs fn with a fresh temporary folder and an Xvfb display, and
// removes both afterwards.
func withXvfb(ctx context.Context, log *logger, env *environment, prefix string, fn func(tmp, display string) error) (err error) {
	tmp, err := os.MkdirTemp("", prefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	xvfb, display, err := startXvfb(ctx, log, env, tmp)
	if err != nil {
		return err
	}
	defer func() {
		if serr := xvfb.stop(log, "Xvfb", 5*time.Second); serr != nil && err == nil {
			err = serr
		}
	}()
	return fn(tmp, display)
}

// windowEnv is the environment of a desktop binary on display: no Wayland,
// and WebKit's caches and the GTK settings kept in tmp, out of the home
// directory.
func windowEnv(tmp, display string) []string {
	return []string{
		"DISPLAY=" + display,
		"WAYLAND_DISPLAY=",
		"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"XDG_CONFIG_HOME=" + filepath.Join(tmp, "config"),
		"XDG_DATA_HOME=" + filepath.Join(tmp, "share"),
		"NO_AT_BRIDGE=1",
	}
}

func smokeWindow(ctx context.Context, log *logger, env *environment, bin, shotPath, tmp, display string) (err error) {
	dataDir := filepath.Join(tmp, "data")
	appLog := filepath.Join(tmp, "app.log")
	app, err := startChild(env, appLog, bin,
		[]string{"--data", dataDir, "--portal", "127.0.0.1:0", "--gateway", "127.0.0.1:0", "--download", "127.0.0.1:0", "--public-host", "127.0.0.1"},
		windowEnv(tmp, display))
	if err != nil {
		return err
	}
	log.info("started %s on display %s (pid %d, data %s)", env.rel(bin), display, app.pid(), dataDir)
	defer func() {
		if serr := app.stop(log, "the app", 10*time.Second); serr != nil && err == nil {
			err = serr
		}
	}()
	defer func() {
		if err != nil {
			log.info("app output (last lines):\n%s", tailFile(appLog, 40))
		}
	}()

	shot := filepath.Join(tmp, "shot.png")
	stats, err := waitRendered(ctx, log, env, display, shot, app.done)
	if saveErr := copyFile(shot, shotPath); saveErr == nil {
		log.info("screenshot saved to %s", env.rel(shotPath))
	} else if err == nil {
		err = saveErr
	}
	if err != nil {
		return err
	}
	log.info("window rendered: %s", stats)
	return nil
}

// waitRendered takes screenshots until one shows the rendered UI (then waits
// settleDelay and takes the final one), the app exits, or renderTimeout
// passes.
func waitRendered(ctx context.Context, log *logger, env *environment, display, shot string, appDone <-chan struct{}) (shotStats, error) {
	deadline := time.Now().Add(renderTimeout)
	var last shotStats
	for attempt := 1; ; attempt++ {
		select {
		case <-appDone:
			return last, errors.New("the desktop app exited before its window rendered")
		case <-ctx.Done():
			return last, ctx.Err()
		case <-time.After(time.Second):
		}
		stats, err := screenshot(ctx, env, display, shot)
		if err != nil {
			return last, err
		}
		last = stats
		log.info("screenshot %d: %s", attempt, stats)
		if stats.rendered() {
			time.Sleep(settleDelay)
			final, err := screenshot(ctx, env, display, shot)
			if err != nil {
				return last, err
			}
			if !final.rendered() {
				return final, fmt.Errorf("the window went blank again (%s)", final)
			}
			return final, nil
		}
		if time.Now().After(deadline) {
			return last, fmt.Errorf("the desktop window stayed blank for %s (last screenshot: %s; need more than %d colours, a std dev above %.2f and detail above %.0f%%)",
				renderTimeout, last, minColours, minStdDev, 100*minDetail)
		}
	}
}

// screenshot grabs the whole X screen into path with ImageMagick's import.
func screenshot(ctx context.Context, env *environment, display, path string) (shotStats, error) {
	_, err := command{
		name:    importPath,
		args:    []string{"-window", "root", path},
		env:     []string{"DISPLAY=" + display},
		timeout: 20 * time.Second,
	}.output(ctx, env)
	if err != nil {
		return shotStats{}, fmt.Errorf("screenshot: %w", err)
	}
	return analyseFile(path)
}

// startXvfb starts Xvfb on the first free display from :99 on and waits for
// its socket. It retries the next display if another server took the one
// chosen in the meantime.
func startXvfb(ctx context.Context, log *logger, env *environment, tmp string) (*child, string, error) {
	const first, last = 99, 199
	n := first
	for tries := 0; tries < 5; tries++ {
		n = freeDisplay(n, last)
		if n < 0 {
			return nil, "", fmt.Errorf("no free X display between :%d and :%d", first, last)
		}
		display := ":" + strconv.Itoa(n)
		logPath := filepath.Join(tmp, "xvfb.log")
		log.cmd(fmt.Sprintf("Xvfb %s -screen 0 %s -nolisten tcp", display, screenSize))
		xvfb, err := startChild(env, logPath, "Xvfb", []string{display, "-screen", "0", screenSize, "-nolisten", "tcp"}, nil)
		if err != nil {
			return nil, "", err
		}
		socket := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		deadline := time.After(15 * time.Second)
	wait:
		for {
			select {
			case <-xvfb.done:
				log.info("Xvfb %s exited at once: %s", display, strings.TrimSpace(tailFile(logPath, 5)))
				break wait
			case <-deadline:
				_ = xvfb.stop(log, "Xvfb", 2*time.Second)
				return nil, "", fmt.Errorf("no X server socket %s within 15 s of starting Xvfb %s", socket, display)
			case <-ctx.Done():
				_ = xvfb.stop(log, "Xvfb", 2*time.Second)
				return nil, "", ctx.Err()
			case <-time.After(100 * time.Millisecond):
				if fileExists(socket) {
					return xvfb, display, nil
				}
			}
		}
		n++
	}
	return nil, "", errors.New("could not start Xvfb (see above)")
}

// freeDisplay returns the first display number in [from, to] that has no
// X lock file and no socket, or -1.
func freeDisplay(from, to int) int {
	for n := from; n <= to; n++ {
		if !fileExists(fmt.Sprintf("/tmp/.X%d-lock", n)) && !fileExists(fmt.Sprintf("/tmp/.X11-unix/X%d", n)) {
			return n
		}
	}
	return -1
}

// child is a long-running program started by startChild.
type child struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the program has exited and been reaped
}

// startChild starts a long-running program in its own process group with
// stdout and stderr going to logPath.
func startChild(env *environment, logPath, name string, args, extraEnv []string) (*child, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer f.Close() // the child has its own copy of the descriptor
	c := command{name: name, args: args, env: extraEnv, stdout: f, stderr: f}
	cmd := c.prepare(context.Background(), env)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", c, err)
	}
	ch := &child{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(ch.done)
	}()
	return ch, nil
}

// pid is the child's process id.
func (c *child) pid() int { return c.cmd.Process.Pid }

// stop asks the child to exit (SIGTERM), kills its process group if it is
// still there after grace, and reports how it ended. It fails only if the
// process could not be ended at all.
func (c *child) stop(log *logger, what string, grace time.Duration) error {
	select {
	case <-c.done:
	default:
		_ = terminate(c.cmd.Process)
		select {
		case <-c.done:
		case <-time.After(grace):
			log.info("%s did not exit within %s of SIGTERM; killing it", what, grace)
		}
	}
	// Also end helpers left in its group (WebKit's web and network processes).
	killTree(c.cmd.Process)
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		return fmt.Errorf("%s (pid %d) did not exit", what, c.pid())
	}
	log.info("stopped %s: %s", what, c.cmd.ProcessState)
	return nil
}

// tailFile returns the last n lines of a log file.
func tailFile(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// copyFile copies src to dst, creating dst's directory.
func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// trimLine returns the first line of s without surrounding space.
func trimLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

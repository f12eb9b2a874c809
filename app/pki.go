package app

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// PassphraseBits is the entropy of every certificate passphrase.
const PassphraseBits = 128

// refreshCRLAfterRevocation re-signs the CRL; a failure is logged, not
// returned: the revocation itself has been stored and the hourly upkeep
// retries.
func (e *Env) refreshCRLAfterRevocation(ctx context.Context) {
	if err := e.RefreshCRL(ctx, true); err != nil {
		e.Log.Error("re-sign CRL", "err", err)
	}
}

// issueSpec is one certificate to make.
type issueSpec struct {
	name      string
	kind      model.CertKind
	user      model.User
	notBefore time.Time // window start (inclusive)
	notAfter  time.Time // window end (exclusive)
	enabled   bool
	algo      ca.KeyAlgo
	compat    ca.Compat
	pred      int64
}

// friendlyName is the name key stores (the Windows certificate store, macOS
// Keychain, Android, Java keytool) list the PKCS#12 under: the user's name
// for a personal certificate (the user code when the name is empty, as older
// data may have it), the certificate's name for a shared one.
func (s issueSpec) friendlyName() string {
	if s.kind == model.CertPersonal {
		if s.user.Name != "" {
			return s.user.Name
		}
		return s.user.Code
	}
	return s.name
}

// issued is a made certificate, its PKCS#12 and the passphrase (which leaves
// this process only in the API answer).
type issued struct {
	spec       issueSpec
	cert       *x509.Certificate
	p12        []byte
	p12IOS     []byte // the 3DES encoding for iOS profiles when p12 is AES
	passphrase string
}

// makeCert generates the key, signs the certificate and packs the PKCS#12.
// The private key exists only in memory and inside the encrypted PKCS#12.
func (e *Env) makeCert(s issueSpec) (issued, error) {
	key, err := ca.NewKey(s.algo)
	if err != nil {
		return issued{}, err
	}
	req := ca.ClientRequest{CommonName: s.name, OrganizationalUnit: string(s.kind),
		NotBefore: s.notBefore, NotAfter: s.notAfter.Add(-time.Second), Key: key}
	if s.kind == model.CertPersonal {
		req.CommonName, req.Email = s.user.Code, s.user.Email
	}
	cert, err := e.CA().IssueClient(req)
	if err != nil {
		return issued{}, err
	}
	pass, err := secret.Passphrase(PassphraseBits)
	if err != nil {
		return issued{}, err
	}
	p12, err := e.CA().PKCS12(key, cert, s.friendlyName(), pass, s.compat)
	if err != nil {
		return issued{}, err
	}
	var p12IOS []byte
	if s.compat == ca.CompatModern {
		// iOS 17 and older open only 3DES: the profile carries this one.
		if p12IOS, err = e.CA().PKCS12(key, cert, s.friendlyName(), pass, ca.CompatLegacy); err != nil {
			return issued{}, err
		}
	}
	return issued{spec: s, cert: cert, p12: p12, p12IOS: p12IOS, passphrase: pass}, nil
}

// errCancelled reports a cancelled issuance.
var errCancelled = &model.Error{Code: model.CodeConflict, Key: "cert.issue.cancelled"}

// makeCerts runs makeCert over specs on every core, reporting progress to
// job, and stops early when ctx is cancelled. Results keep the specs' order.
func (e *Env) makeCerts(ctx context.Context, specs []issueSpec, job *Job) ([]issued, error) {
	out := make([]issued, len(specs))
	workers := min(runtime.GOMAXPROCS(0), len(specs))
	next := atomic.Int64{}
	var firstErr error
	var once sync.Once
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(specs) || ctx.Err() != nil {
					return
				}
				r, err := e.makeCert(specs[i])
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				out[i] = r
				if job != nil {
					job.done.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if ctx.Err() != nil || (job != nil && job.ctx.Err() != nil) {
		return nil, errCancelled
	}
	return out, nil
}

// storeCerts writes made certificates in one transaction, revoking
// revokeUsers' personal ones, as actor did.
func (e *Env) storeCerts(ctx context.Context, actor store.Actor, made []issued, revokeUsers []int64) ([]int64, error) {
	rows := make([]store.NewCert, len(made))
	for i, m := range made {
		s := m.spec
		c := model.Cert{Name: s.name, Kind: s.kind, UserID: s.user.ID, UserCode: s.user.Code, Serial: hex.EncodeToString(m.cert.SerialNumber.Bytes()),
			KeyAlgo: string(s.algo), X509NotBefore: m.cert.NotBefore, X509NotAfter: m.cert.NotAfter, NotBefore: s.notBefore, NotAfter: s.notAfter,
			Enabled: s.enabled, PredecessorID: s.pred, DER: m.cert.Raw}
		rows[i] = store.NewCert{Cert: c, P12: m.p12, P12IOS: m.p12IOS}
	}
	return e.DB.InsertCerts(ctx, actor, rows, revokeUsers, "reissued")
}

// zipBundle packs one folder per user with the .p12 and password.txt.
func zipBundle(made []issued) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	used := map[string]bool{}
	for _, m := range made {
		name := m.spec.user.Code
		if name == "" {
			name = m.spec.name
		}
		dir := zipFolder(name, used)
		for _, f := range []struct {
			name string
			data []byte
		}{
			{dir + "/" + dir + ".p12", m.p12},
			{dir + "/password.txt", []byte(m.passphrase + "\n")}, // LF: read the same on every OS and by scripts
		} {
			// Encrypted .p12 files do not compress: store them as they are.
			w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Store, Modified: time.Now()})
			if err != nil {
				return nil, err
			}
			if _, err := w.Write(f.data); err != nil {
				return nil, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// zipFolder turns a user code (or certificate name) into a folder name that
// is safe in a zip entry: never "." or "..", never "..", "/" or "\\" inside,
// never a leading or trailing dot (Windows drops a trailing one), and unique
// in the archive (case-insensitively, as Windows and macOS compare). Codes
// made of dots are refused at input; this also covers older data and any
// unpacker that is less careful than it should be (zip slip).
func zipFolder(name string, used map[string]bool) string {
	s := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, name)
	s = strings.ReplaceAll(s, "..", "__")
	if strings.HasPrefix(s, ".") {
		s = "_" + s[1:]
	}
	if strings.HasSuffix(s, ".") {
		s = s[:len(s)-1] + "_"
	}
	if s == "" {
		s = "_"
	}
	out := s
	for i := 2; used[strings.ToLower(out)]; i++ {
		out = fmt.Sprintf("%s~%d", s, i)
	}
	used[strings.ToLower(out)] = true
	return out
}

// Job is a running bulk issuance that the UI follows and may cancel.
type Job struct {
	total  int
	done   atomic.Int64
	ctx    context.Context
	cancel context.CancelFunc
	ended  atomic.Bool
}

// jobs tracks running jobs by the id the UI chose.
type jobs struct {
	mu sync.Mutex
	m  map[string]*Job
}

func (j *jobs) start(id string, total int) (*Job, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.m == nil {
		j.m = map[string]*Job{}
	}
	if old, ok := j.m[id]; ok && !old.ended.Load() {
		return nil, errors.New("job id in use")
	}
	ctx, cancel := context.WithCancel(context.Background())
	job := &Job{total: total, ctx: ctx, cancel: cancel}
	j.m[id] = job
	return job, nil
}

func (j *jobs) get(id string) *Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.m[id]
}

// finish marks a job ended and forgets it after a while, so a late progress
// poll still sees the end.
func (j *jobs) finish(id string, job *Job) {
	job.ended.Store(true)
	job.cancel()
	time.AfterFunc(10*time.Minute, func() {
		j.mu.Lock()
		defer j.mu.Unlock()
		if j.m[id] == job {
			delete(j.m, id)
		}
	})
}

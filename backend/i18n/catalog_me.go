package i18n

// The employees' self-service pages (the download listener's /me and the
// gateway's /_sekisho/me).
var selfServiceMessages = map[string]map[Lang]string{
	"me.title": {JA: "証明書の発行（ご自身で）", EN: "Get your own certificate"},
	"me.intro": {
		JA: "この端末で使うクライアント証明書を、ご自身で発行できます。発行すると証明書のパスワードが一度だけ表示されます。",
		EN: "You can issue the client certificate for this device yourself. Its certificate password is shown once, right after issuing.",
	},
	"me.user":     {JA: "ユーザー", EN: "User"},
	"me.current":  {JA: "現在の証明書", EN: "Your certificates"},
	"me.until":    {JA: "使用終了日", EN: "Usable until"},
	"me.state":    {JA: "状態", EN: "State"},
	"me.no_certs": {JA: "有効な証明書はまだありません。", EN: "You have no certificate yet."},
	"me.what.revoke": {
		JA: "新しい証明書を発行すると、上の証明書は失効し、使えなくなります（ほかの端末に入れた証明書も）。",
		EN: "Issuing a new certificate revokes the ones above: they stop working, on other devices too.",
	},
	"me.what.keep": {
		JA: "新しい証明書を発行しても、上の証明書はそのまま使えます。",
		EN: "Issuing a new certificate leaves the ones above working.",
	},
	"me.issue": {JA: "証明書を発行", EN: "Issue a certificate"},
	"me.needs_cert": {
		JA: "あなたは証明書の利用が必須のユーザーです。ここで発行できるのは、有効なご自身の証明書が入った端末から開いたとき（更新）だけです。新しい端末の証明書は管理者に依頼してください。",
		EN: "You must use a certificate to connect. You can issue one here only from a device that already holds your valid certificate (a renewal). Ask your administrator for a new device's certificate.",
	},
	"me.revoked":    {JA: "以前の証明書 {n} 件を失効しました。ほかの端末では新しい証明書を入れ直してください。", EN: "{n} earlier certificate(s) revoked. Install the new certificate on your other devices too."},
	"me.issued":     {JA: "証明書を発行しました。次の手順でこの端末にインストールしてください。", EN: "Your certificate is issued. Install it on this device as follows."},
	"me.pass_title": {JA: "証明書のパスワード", EN: "Certificate password"},
	"me.pass_once": {
		JA: "この証明書のパスワードはこの画面にしか表示されません。コピーするか書き留めてから、証明書をダウンロードしてください。インストールのときに入力します。",
		EN: "This certificate password is shown only on this screen. Copy it or write it down, then download the certificate: you type it while installing.",
	},
	"me.copy":   {JA: "証明書のパスワードをコピー", EN: "Copy the certificate password"},
	"me.copied": {JA: "コピーしました", EN: "Copied"},
	"me.page":   {JA: "ダウンロードページを開く（ほかの端末の手順も見られます）", EN: "Open the download page (with the steps for other devices)"},
	"me.limit": {
		JA: "本日はこれ以上発行できません（1日3回まで）。明日もう一度お試しいただくか、管理者にご連絡ください。",
		EN: "You cannot issue more certificates today (3 a day). Try again tomorrow or contact your administrator.",
	},
	"me.off.title": {JA: "ご自身での発行はできません", EN: "Self-service is not available"},
	"me.off.body": {
		JA: "管理者が従業員による証明書の発行を有効にしていません。証明書は管理者にご依頼ください。",
		EN: "Your administrator has not turned on certificates issued by employees. Please ask your administrator for a certificate.",
	},
	"me.state.valid":       {JA: "有効", EN: "Valid"},
	"me.state.expired":     {JA: "期限切れ", EN: "Expired"},
	"me.state.disabled":    {JA: "無効", EN: "Disabled"},
	"me.state.notYetValid": {JA: "開始前", EN: "Not yet valid"},

	"portal.me.intro": {
		JA: "ユーザーコードとログインパスワードでログインすると、この端末用のクライアント証明書をご自身で発行できます。ログインは暗号化された接続で行うため、先に会社の認証局を信頼する設定が必要です（この端末で一度だけ）。",
		EN: "Sign in with your user code and sign-in password to issue a client certificate for this device yourself. Signing in happens over an encrypted connection, so this device must first trust the company's certificate authority (once per device).",
	},
	"portal.me.trusted":     {JA: "この端末は会社の認証局をすでに信頼しています。", EN: "This device already trusts the company's certificate authority."},
	"portal.me.trust_title": {JA: "1. 認証局を信頼する", EN: "1. Trust the certificate authority"},
	"portal.me.trust.ios": {
		JA: "下のボタンでプロファイルをダウンロードし、「設定」Appの「プロファイルがダウンロードされました」からインストールします。次に「設定」→「一般」→「情報」→「証明書信頼設定」で「{ca}」をオンにします。",
		EN: "Download the profile with the button below and install it from “Profile Downloaded” in Settings. Then go to Settings → General → About → Certificate Trust Settings and switch on “{ca}”.",
	},
	"portal.me.trust.android": {
		JA: "下のボタンでルート証明書をダウンロードし、「設定」→「セキュリティ」→「暗号化と認証情報」→「証明書のインストール」→「CA 証明書」で cacert.cer を選びます。",
		EN: "Download the root certificate with the button below, then go to Settings → Security → Encryption & credentials → Install a certificate → CA certificate and pick cacert.cer.",
	},
	"portal.me.trust.windows": {
		JA: "下のボタンでルート証明書をダウンロードして開き、「証明書のインストール」で「現在のユーザー」、保存先に「信頼されたルート証明機関」を選びます。拇印が下の値と同じことを確かめてください。",
		EN: "Download the root certificate with the button below, open it, choose Install Certificate → Current User and place it in “Trusted Root Certification Authorities”. Check that the thumbprint matches the one below.",
	},
	"portal.me.trust.macos": {
		JA: "下のボタンでルート証明書をダウンロードして開き、キーチェーン「ログイン」に追加します。キーチェーンアクセスで「{ca}」を開き、「信頼」を「常に信頼」にします。",
		EN: "Download the root certificate with the button below, open it and add it to the “login” keychain. In Keychain Access open “{ca}” and set Trust to “Always Trust”.",
	},
	"portal.me.trust.other": {
		JA: "下のボタンでルート証明書をダウンロードし、この端末の「信頼するルート証明書」に追加してください。",
		EN: "Download the root certificate with the button below and add it to this device's trusted root certificates.",
	},
	"portal.me.go_title": {JA: "2. ログインして発行する", EN: "2. Sign in and issue"},
	"portal.me.go":       {JA: "ログインして証明書を発行", EN: "Sign in and issue a certificate"},
	"portal.me.go_note": {
		JA: "「この接続ではプライバシーが保護されません」などの警告が出たら、先に進まず手順1をやり直してください。",
		EN: "If a warning such as “Your connection is not private” appears, do not go on: do step 1 again.",
	},
}

func init() {
	for k, v := range selfServiceMessages {
		messages[k] = v
	}
}

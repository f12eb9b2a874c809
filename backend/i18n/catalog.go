package i18n

// messages is the catalog. Placeholders are {name}; both languages must use
// the same placeholders (tested).
var messages = map[string]map[Lang]string{
	// Generic.
	"error.internal": {
		JA: "内部エラーが発生しました。操作は反映されていません。もう一度お試しください。",
		EN: "An internal error occurred. Nothing was changed. Please try again.",
	},
	"error.unauthorized": {
		JA: "管理トークンがないか、正しくありません。",
		EN: "The admin token is missing or wrong.",
	},
	"error.bad_json": {
		JA: "リクエストの形式が正しくありません: {detail}",
		EN: "The request is not valid JSON: {detail}",
	},
	"error.unknown_method": {
		JA: "不明なAPIメソッドです: {method}",
		EN: "Unknown API method: {method}",
	},
	"error.method_not_allowed": {
		JA: "このAPIはPOSTで呼び出してください。",
		EN: "Call this API with POST.",
	},
	"error.unsupported": {
		JA: "この操作はこのモードでは使えません。",
		EN: "This operation is not available in this mode.",
	},
	"error.confirm": {
		JA: "この操作には確認が必要です。",
		EN: "This operation needs confirmation.",
	},
	"error.body_too_large": {
		JA: "リクエストが大きすぎます（上限 {max}）。",
		EN: "The request is too large (limit {max}).",
	},
	"error.event_streams": {
		JA: "開いているイベントの購読が多すぎます。しばらくしてからもう一度お試しください。",
		EN: "Too many event streams are open. Please try again later.",
	},

	// `sekisho service` (the engine as an OS service), on the terminal.
	"service.need_root": {
		JA: "サービスの登録と操作には root 権限が必要です。sudo を付けて実行してください: sudo {command}",
		EN: "Installing and controlling the service needs root: run it with sudo: sudo {command}",
	},
	"service.need_admin": {
		JA: "サービスの登録と操作には管理者権限が必要です。「管理者として実行」で開いたコマンド プロンプトか PowerShell から実行してください。",
		EN: "Installing and controlling the service needs administrator rights: run it from a Command Prompt or PowerShell opened with \"Run as administrator\".",
	},
	"service.no_systemd": {
		JA: "このマシンでは systemd が動いていないため、サービスを登録できません（sekisho service unit でユニットファイルを表示できます）。",
		EN: "systemd is not running on this machine, so the service cannot be installed (sekisho service unit prints the unit file).",
	},
	"service.unsupported": {
		JA: "この OS（{os}）のサービスには対応していません。sekisho serve を使ってください。",
		EN: "Services are not supported on this OS ({os}): use sekisho serve.",
	},
	"service.linux_data": {
		JA: "Linux ではサービスのデータは {dir} に置かれます（systemd の StateDirectory）。--data は指定できません。",
		EN: "On Linux the service keeps its data in {dir} (systemd's StateDirectory): --data cannot be changed.",
	},
	"service.exe_unreachable": {
		JA: "サービスはこの場所のプログラムを実行できません: {path}（{reason}）。先にコピーしてから、そちらで登録してください: sudo install -m 0755 {path} /usr/local/bin/sekisho",
		EN: "The service cannot run the program where it is: {path} ({reason}). Copy it first and install from the copy: sudo install -m 0755 {path} /usr/local/bin/sekisho",
	},
	"service.already_installed": {
		JA: "サービスはすでに登録されています。フラグを変えるには、先に sekisho service uninstall を実行してください。",
		EN: "The service is already installed. To change its flags, run sekisho service uninstall first.",
	},
	"service.installed": {
		JA: "サービスを登録しました。起動のたびに自動で開始します。今すぐ開始するには: {command}\nデータ: {data}\n管理トークン: {token}",
		EN: "Installed the service; it starts at every boot. To start it now: {command}\nData: {data}\nAdmin token: {token}",
	},
	"service.not_installed": {
		JA: "サービスは登録されていません（sekisho service install で登録します）。",
		EN: "The service is not installed (sekisho service install installs it).",
	},
	"service.started": {
		JA: "サービスを開始しました。",
		EN: "Started the service.",
	},
	"service.stopped": {
		JA: "サービスを停止しました（次の起動時にはまた開始します）。",
		EN: "Stopped the service (it starts again at the next boot).",
	},
	"service.uninstalled": {
		JA: "サービスを削除しました。データフォルダーは残っています。",
		EN: "Removed the service. Its data folder is kept.",
	},
	"service.failed": {
		JA: "サービスを操作できませんでした（{command}）: {detail}",
		EN: "Could not {command} the service: {detail}",
	},
	"service.failed_state": {
		JA: "前回はエラーで停止しました。journalctl -u sekisho で理由を確認できます。",
		EN: "It last stopped with an error: journalctl -u sekisho tells why.",
	},
	"service.status_needs_root": {
		JA: "root 以外からは LaunchDaemon の動作状況が見えません。実行中かどうかは sudo sekisho service status で確認してください。",
		EN: "Without root, launchctl cannot see whether the LaunchDaemon runs: sudo sekisho service status tells.",
	},
	"service.token_file": {
		JA: "管理トークン: {path} に保存されています",
		EN: "admin token: in {path}",
	},

	// Field checks.
	"field.too_long": {
		JA: "{max}文字以内で入力してください（現在{len}文字）。",
		EN: "Use at most {max} characters (now {len}).",
	},
	"field.control_chars": {
		JA: "改行や制御文字は使えません。",
		EN: "Line breaks and control characters are not allowed.",
	},
	"field.ids_required": {
		JA: "対象を1件以上選んでください。",
		EN: "Select at least one item.",
	},
	"field.id_invalid": {
		JA: "IDが正しくありません: {value}",
		EN: "Invalid id: {value}",
	},
	"field.page_size": {
		JA: "表示件数は10、20、50、100のいずれかです。",
		EN: "The page size must be 10, 20, 50 or 100.",
	},
	"field.page": {
		JA: "ページ番号は1以上です。",
		EN: "The page number must be 1 or more.",
	},
	"field.page_max": {
		JA: "ページ番号は{max}以下で指定してください。",
		EN: "The page number can be at most {max}.",
	},
	"field.search_too_long": {
		JA: "検索する文字は{max}文字以内で入力してください（現在{len}文字）。",
		EN: "Search text can be at most {max} characters (now {len}).",
	},
	"field.control_chars_text": {
		JA: "制御文字（NULなど）は使えません。改行とタブは使えます。",
		EN: "Control characters (such as NUL) are not allowed; line breaks and tabs are.",
	},
	"field.base64": {
		JA: "ファイルの内容を読み取れません（base64ではありません）。",
		EN: "The file content could not be read (not base64).",
	},
	"field.choice": {
		JA: "{value} は選べません。選べる値: {choices}",
		EN: "{value} is not allowed. Choose one of: {choices}",
	},

	// Users.
	"user.code.required": {
		JA: "ユーザーコードを入力してください。",
		EN: "Enter a user code.",
	},
	"user.code.chars": {
		JA: "ユーザーコードに「{char}」は使えません。半角英数字と . _ - @ が使えます。",
		EN: "The user code cannot contain “{char}”. Use letters, digits and . _ - @.",
	},
	"user.code.dots": {
		JA: "ユーザーコードを「.」だけにすることはできません（「.」「..」はフォルダー名として特別な意味を持ちます）。英数字を含めてください。",
		EN: "A user code cannot be dots only (“.” and “..” have a special meaning as folder names). Include a letter or digit.",
	},
	"user.code.taken": {
		JA: "ユーザーコード {code} はすでに使われています。",
		EN: "The user code {code} is already in use.",
	},
	"user.name.required": {
		JA: "氏名を入力してください。",
		EN: "Enter a name.",
	},
	"user.email.invalid": {
		JA: "メールアドレスの形式が正しくありません: {value}",
		EN: "This is not a valid email address: {value}",
	},
	"user.phone.invalid": {
		JA: "電話番号は数字と + - ( ) 空白で入力してください: {value}",
		EN: "Use digits and + - ( ) or spaces for the phone number: {value}",
	},
	"user.not_found": {
		JA: "ユーザーが見つかりません（削除された可能性があります）。",
		EN: "The user was not found (it may have been deleted).",
	},
	"user.exclusive": {
		JA: "証明書認証と端末指定は併用することはできません。{codes} は{other}が有効です。先に{other}を無効にしてから、もう一度操作してください（何も変更していません）。",
		EN: "Certificate authentication and device designation cannot be used together; {other} is on for {codes}. Turn {other} off for them first, then try again (nothing was changed).",
	},
	"user.exclusive.cert": {
		JA: "証明書認証",
		EN: "certificate authentication",
	},
	"user.exclusive.device": {
		JA: "端末指定",
		EN: "device designation",
	},
	"user.state.invalid": {
		JA: "状態は「有効」か「利用停止」です: {value}",
		EN: "The state must be “active” or “suspended”: {value}",
	},

	// CSV import.
	"csv.empty": {
		JA: "CSVファイルが空です。",
		EN: "The CSV file is empty.",
	},
	"csv.too_large": {
		JA: "CSVファイルが大きすぎます（上限 {max}）。",
		EN: "The CSV file is too large (limit {max}).",
	},
	"csv.encoding": {
		JA: "文字コードを判別できません。UTF-8（BOM付き可）かShift_JISで保存してください。",
		EN: "The character encoding could not be recognized. Save the file as UTF-8 (with or without BOM) or Shift_JIS.",
	},
	"csv.header.missing": {
		JA: "1行目に見出しが必要です。必須の列「{column}」がありません。",
		EN: "The first line must be a header. The required column “{column}” is missing.",
	},
	"csv.header.unknown": {
		JA: "1行目の見出し「{column}」は不明な列です。",
		EN: "The header “{column}” on line 1 is not a known column.",
	},
	"csv.header.duplicate": {
		JA: "1行目の見出し「{column}」が重複しています。",
		EN: "The header “{column}” appears twice on line 1.",
	},
	"csv.syntax": {
		JA: "CSVの形式が正しくありません: {detail}",
		EN: "The CSV is malformed: {detail}",
	},
	"csv.columns": {
		JA: "列の数が見出しと違います（見出し{want}列、この行{got}列）。",
		EN: "This line has {got} columns; the header has {want}.",
	},
	"csv.duplicate_code": {
		JA: "ユーザーコード {code} が{first}行目と重複しています。",
		EN: "The user code {code} also appears on line {first}.",
	},
	"csv.no_rows": {
		JA: "見出しの後にデータ行がありません。",
		EN: "There are no data lines after the header.",
	},
	"csv.too_many_rows": {
		JA: "一度に取り込めるのは{max}行までです。",
		EN: "At most {max} lines can be imported at once.",
	},
	"csv.line": {
		JA: "{field}: {message}",
		EN: "{field}: {message}",
	},
	"csv.field.code":      {JA: "ユーザーコード", EN: "User code"},
	"csv.field.name":      {JA: "氏名", EN: "Name"},
	"csv.field.email":     {JA: "メールアドレス", EN: "Email"},
	"csv.field.phone":     {JA: "電話番号", EN: "Phone"},
	"csv.field.group":     {JA: "グループ", EN: "Group"},
	"csv.field.state":     {JA: "状態", EN: "State"},
	"csv.state.active":    {JA: "有効", EN: "active"},
	"csv.state.suspended": {JA: "利用停止", EN: "suspended"},

	// Settings.
	"settings.language.invalid": {
		JA: "言語は ja か en です。",
		EN: "The language must be ja or en.",
	},
	"settings.org.too_long": {
		JA: "組織名は{max}文字以内で入力してください。",
		EN: "Use at most {max} characters for the organization name.",
	},
	"settings.conns_per_address.range": {
		JA: "1つのアドレスからの同時接続数は{min}〜{max}の数値で指定してください。変更は保存されていません。",
		EN: "Set connections per address to a number from {min} to {max}. Nothing was changed.",
	},
	"settings.port.range": {
		JA: "ポート番号は1〜65535の数値で指定してください。変更は保存されていません。",
		EN: "Set the port to a number from 1 to 65535. Nothing was changed.",
	},
	"settings.port.same_download": {
		JA: "ダウンロードのポートには、ポータルやゲートウェイとは別のポートを指定してください。",
		EN: "Use a port for downloads that differs from the portal's and the gateway's.",
	},
	"settings.port.same": {
		JA: "ポータルとゲートウェイには別々のポートを指定してください。変更は保存されていません。",
		EN: "The portal and the gateway need different ports. Nothing was changed.",
	},
	"settings.port.in_use": {
		JA: "ポート{port}はほかのプログラムが使用中です。別のポートを指定してください。変更は保存されていません。",
		EN: "Port {port} is in use by another program. Choose another port. Nothing was changed.",
	},
	"settings.port.cannot_listen": {
		JA: "ポート{port}で待ち受けできません（{reason}）。変更は保存されていません。",
		EN: "Cannot listen on port {port} ({reason}). Nothing was changed.",
	},
	"settings.public_host.invalid": {
		JA: "公開ホスト名は、スキームやポートを付けないホスト名かIPアドレスで入力してください（例: 192.168.1.10 / sekisho.local）。",
		EN: "Enter the public host as a host name or IP address, without a scheme or port (for example 192.168.1.10 or sekisho.local).",
	},
	"settings.fixed_by_flag": {
		JA: "この値はコマンドラインの {flag} で指定されているため、ここでは変更できません。",
		EN: "This is set by {flag} on the command line and cannot be changed here.",
	},
	"settings.listen.confirm": {
		JA: "この変更で、直近5分間にゲートウェイに接続していた端末 {count}台（{addresses}）は新しいアドレスに接続し直す必要があります。よろしいですか？",
		EN: "After this change, the {count} devices connected to the gateway in the last 5 minutes ({addresses}) must reconnect to the new address. Continue?",
	},
	"settings.listen.confirm_links": {
		JA: "この変更で、まだ使える配布済みのダウンロードリンク {links}件とそのQRコードは古いアドレスのままになり、使えなくなります（必要なら作り直してください）。よろしいですか？",
		EN: "After this change, the {links} download links still usable (and their QR codes) keep the old address and stop working (make new ones if needed). Continue?",
	},
	"settings.listen.confirm_both": {
		JA: "この変更で、直近5分間にゲートウェイに接続していた端末 {count}台（{addresses}）は新しいアドレスに接続し直す必要があります。また、まだ使える配布済みのダウンロードリンク {links}件とそのQRコードは使えなくなります（必要なら作り直してください）。よろしいですか？",
		EN: "After this change, the {count} devices connected to the gateway in the last 5 minutes ({addresses}) must reconnect to the new address, and the {links} download links still usable (and their QR codes) stop working (make new ones if needed). Continue?",
	},

	// Portal.
	"portal.title": {
		JA: "関所 証明書ポータル",
		EN: "Sekisho certificate portal",
	},
	"portal.intro": {
		JA: "社内のルート証明書（CA）をダウンロードできます。クライアント証明書のダウンロードには、管理者から届いたリンクまたはQRコードを使ってください。",
		EN: "Download the company's root certificate (CA) here. To get your client certificate, use the link or QR code your administrator sent you.",
	},
	"portal.download_cer": {
		JA: "ルート証明書をダウンロード（.cer）",
		EN: "Download the root certificate (.cer)",
	},
	"portal.download_pem": {
		JA: "PEM形式（.pem）",
		EN: "PEM format (.pem)",
	},
	"portal.fingerprint": {
		JA: "ルート証明書のフィンガープリント（SHA-256）。インストール時に表示される値と一致することを確かめてください。",
		EN: "Root certificate fingerprint (SHA-256). Check that it matches the value shown when you install it.",
	},
	"portal.thumbprint": {
		JA: "ルート証明書の拇印 (SHA-1)。Windows がインストール時に表示する値と一致することを確かめてください。",
		EN: "Root certificate thumbprint (SHA-1). Check that it matches the value Windows shows when you install it.",
	},
	"portal.not_found.title": {
		JA: "ページが見つかりません",
		EN: "Page not found",
	},
	"portal.not_found.body": {
		JA: "「{path}」というページはありません。リンクをもう一度確かめてください。",
		EN: "There is no page “{path}”. Please check the link.",
	},

	// Gateway.
	"gateway.no_route.title": {
		JA: "このアドレスにはアプリが設定されていません",
		EN: "No app is set up at this address",
	},
	"gateway.no_route.body": {
		JA: "関所ゲートウェイは動いていますが、このアドレスに割り当てられた社内アプリはまだありません。管理者に連絡してください。",
		EN: "The Sekisho gateway is running, but no internal app is assigned to this address yet. Please contact your administrator.",
	},

	"gateway.bad_path.title": {
		JA: "このアドレスは使えません",
		EN: "This address cannot be used",
	},
	"gateway.bad_path.body": {
		JA: "アドレスに「..」やエンコードされた「/」など、安全に扱えない文字が含まれています。リンクをもう一度確かめてください。",
		EN: "The address contains parts that cannot be handled safely, such as “..” or an encoded “/”. Please check the link.",
	},

	// Certificates.
	"cert.name.required": {
		JA: "証明書名を入力してください。",
		EN: "Enter a certificate name.",
	},
	"cert.name.chars": {
		JA: "証明書名は英数字のみで入力してください（「{char}」は使えません）。",
		EN: "Use only letters and digits in the certificate name (“{char}” is not allowed).",
	},
	"cert.name.taken": {
		JA: "証明書名 {name} はすでに使われています。",
		EN: "The certificate name {name} is already in use.",
	},
	"date.invalid": {
		JA: "日付は YYYY-MM-DD の形式で入力してください: {value}",
		EN: "Enter the date as YYYY-MM-DD: {value}",
	},
	"date.range": {
		JA: "日付は{min}から{max}の間で入力してください: {value}",
		EN: "The date must be between {min} and {max}: {value}",
	},

	"cert.not_found": {
		JA: "証明書が見つかりません（削除された可能性があります）。",
		EN: "The certificate was not found (it may have been deleted).",
	},
	"cert.revoked": {
		JA: "証明書 {name} は失効済みのため変更できません。",
		EN: "The certificate {name} is revoked and cannot be changed.",
	},
	"cert.window.before_x509": {
		JA: "使用開始日は {date} より前にできません。署名済みの証明書そのものがこの日から有効になるためです（この日から証明書自体の期限までなら、広げることも狭めることもできます）。",
		EN: "The start date cannot be before {date}: the signed certificate itself becomes valid on that day. Between that day and the certificate's own end, the window can be widened or narrowed.",
	},
	"cert.window.after_x509": {
		JA: "使用終了日は {date} より後にできません。署名済みの証明書そのものがこの日で期限切れになるためです。それより後も使うには「更新」で新しい証明書を発行してください。",
		EN: "The end date cannot be after {date}: the signed certificate itself expires on that day. To use it longer, renew it (更新) to issue a new certificate.",
	},
	"cert.window.order": {
		JA: "使用終了日は使用開始日以降にしてください。",
		EN: "The end date must not be before the start date.",
	},

	"link.not_found": {
		JA: "ダウンロードリンクが見つかりません。",
		EN: "The download link was not found.",
	},

	"field.int_range": {
		JA: "{min}から{max}の数値を入力してください。",
		EN: "Enter a number from {min} to {max}.",
	},

	"cert.issue.cancelled": {
		JA: "発行を取り消しました。証明書は1件も発行されていません。",
		EN: "Issuing was cancelled. No certificate was issued.",
	},

	"cert.bulk.too_many": {
		JA: "一度に発行できるのは{max}人までです。",
		EN: "At most {max} users can be issued certificates at once.",
	},
	"cert.job.in_use": {
		JA: "同じ発行処理がすでに実行中です。",
		EN: "The same issuance is already running.",
	},
	"cert.revoke.confirm": {
		JA: "証明書 {name} を失効させますか？失効は取り消せません。",
		EN: "Revoke the certificate {name}? Revocation cannot be undone.",
	},
	"cert.delete.confirm": {
		JA: "証明書 {name} を削除しますか？証明書は失効し、ダウンロードリンクも使えなくなります。",
		EN: "Delete the certificate {name}? It will be revoked and its download links will stop working.",
	},
	"cert.renew.gap": {
		JA: "更新後の証明書は、元の証明書の使用終了日（{date}）より前に開始してください。",
		EN: "The renewed certificate must start before the old one ends ({date}).",
	},

	// Download page.
	"portal.error.title": {JA: "エラーが発生しました", EN: "Something went wrong"},
	"portal.error.body": {
		JA: "しばらくしてからもう一度お試しください。解決しない場合は管理者に連絡してください。",
		EN: "Please try again in a moment. If it keeps happening, contact your administrator.",
	},
	"portal.dl.title":          {JA: "クライアント証明書のダウンロード", EN: "Download your client certificate"},
	"portal.dl.intro":          {JA: "社内アプリに接続するための証明書です。この端末にインストールしてください。", EN: "This certificate lets this device reach the company's apps. Install it on this device."},
	"portal.dl.cert":           {JA: "証明書", EN: "Certificate"},
	"portal.dl.cert_until":     {JA: "証明書の使用終了日", EN: "Certificate valid until"},
	"portal.dl.expires":        {JA: "このリンクの有効期限", EN: "This link expires"},
	"portal.dl.remaining":      {JA: "残りダウンロード回数", EN: "Downloads left"},
	"portal.dl.for":            {JA: "この端末の種類:", EN: "Instructions for:"},
	"portal.dl.choose":         {JA: "お使いの端末を選んでください。", EN: "Choose your kind of device."},
	"portal.dl.button_p12":     {JA: "証明書ファイルをダウンロード", EN: "Download the certificate file"},
	"portal.dl.button_profile": {JA: "プロファイルをダウンロード", EN: "Download the profile"},
	"portal.dl.steps":          {JA: "インストール手順", EN: "How to install"},
	"portal.dl.pass_note": {
		JA: "インストールには、管理者から別に伝えられた「証明書のパスワード」が必要です。",
		EN: "You need the certificate password your administrator gave you separately.",
	},
	"portal.dl.once_note": {
		JA: "ダウンロードするとリンクの残り回数が減ります。",
		EN: "Each download uses up one of this link's downloads.",
	},
	"portal.dl.ca_title":    {JA: "ルート証明書", EN: "Root certificate"},
	"portal.dl.ca_profile":  {JA: "ルート証明書のプロファイルをダウンロード", EN: "Download the root certificate profile"},
	"portal.dl.open_title":  {JA: "確認", EN: "Check"},
	"portal.dl.open_button": {JA: "社内アプリを開く", EN: "Open the company's apps"},
	"portal.dl.open_note": {
		JA: "証明書と接続を確かめるページが開きます。警告が表示された場合は、ルート証明書の手順をやり直してください。",
		EN: "A page opens that checks your certificate and the connection. If a warning appears, do the root certificate step again.",
	},
	"portal.dl.plain_note": {
		JA: "このページは暗号化されていない接続（HTTP）で表示しています。証明書ファイルは証明書のパスワードで暗号化されていて、そのパスワードはこの接続では送られません。上のフィンガープリントが、管理者の画面や配布された用紙のものと一致することを確かめてください。",
		EN: "This page is served over an unencrypted connection (HTTP). The certificate file is encrypted with its password, which never travels over this connection. Check that the fingerprint above matches the one on your administrator's screen or the sheet you were given.",
	},

	"portal.previous.note": {
		JA: "認証局を切り替え中です（{date}まで）。それまでは以前の認証局のルート証明書も必要です。まだ入れていない場合は、こちらもインストールしてください。",
		EN: "The certificate authority is being changed (until {date}). Until then the previous CA's root certificate is needed too: install it as well if this device does not have it yet.",
	},
	"portal.previous.download": {
		JA: "以前のルート証明書をダウンロード",
		EN: "Download the previous root certificate",
	},
	"portal.dl.ca_note": {
		JA: "社内アプリを開いたときに「この接続ではプライバシーが保護されません」などの警告が出る場合は、ルート証明書をインストールしてください。",
		EN: "If opening the company's apps shows a warning such as “Your connection is not private”, install the root certificate.",
	},
	"portal.os.ios":     {JA: "iPhone / iPad", EN: "iPhone / iPad"},
	"portal.os.android": {JA: "Android", EN: "Android"},
	"portal.os.windows": {JA: "Windows", EN: "Windows"},
	"portal.os.macos":   {JA: "Mac", EN: "Mac"},
	"portal.os.":        {JA: "その他", EN: "Other"},
	"portal.steps.ios.1": {
		JA: "このページを Safari で開いてください（他のブラウザではプロファイルをインストールできません）。「プロファイルをダウンロード」をタップし、「許可」→「閉じる」をタップします。",
		EN: "Open this page in Safari (other browsers cannot install profiles). Tap “Download the profile”, then “Allow” and “Close”.",
	},
	"portal.steps.ios.2": {
		JA: "8分以内に「設定」Appを開き、Apple IDの下の「プロファイルがダウンロードされました」→「インストール」をタップし、iPhoneのパスコードと証明書のパスワードを入力して「完了」をタップします。「未検証」と表示されますが、社内で発行した証明書のため問題ありません。",
		EN: "Within 8 minutes, open Settings, tap “Profile Downloaded” below your Apple ID, then “Install”; enter your passcode and the certificate password, and tap “Done”. “Not Verified” is shown because the certificate is issued in-house; that is expected.",
	},
	"portal.steps.ios.3": {
		JA: "「設定」→「一般」→「情報」→いちばん下の「証明書信頼設定」を開き、「{ca}」をオンにして「続ける」をタップします。これで社内アプリを開いても警告が出なくなります。",
		EN: "Go to Settings → General → About → Certificate Trust Settings (at the bottom), switch on “{ca}” and tap “Continue”. The company's apps then open without a warning.",
	},
	"portal.steps.ios.4": {
		JA: "このページに戻り、下の「社内アプリを開く」をタップします。証明書の確認が表示されたら「続ける」をタップします。",
		EN: "Come back to this page and tap “Open the company's apps” below. If asked about the certificate, tap “Continue”.",
	},
	"portal.steps.android.1": {
		JA: "このページを Chrome で開き、「証明書ファイルをダウンロード」と、下の「ルート証明書をダウンロード」をタップします。",
		EN: "Open this page in Chrome and tap “Download the certificate file” and, below, “Download the root certificate”.",
	},
	"portal.steps.android.2": {
		JA: "「設定」→「セキュリティ」→「暗号化と認証情報」→「証明書のインストール」→「CA 証明書」→「インストールする」を開き、ダウンロードした cacert.cer を選びます（画面ロックの設定が必要です）。",
		EN: "Go to Settings → Security → Encryption & credentials → Install a certificate → CA certificate → Install anyway, and pick the downloaded cacert.cer (a screen lock is required).",
	},
	"portal.steps.android.3": {
		JA: "同じ画面で「VPN とアプリのユーザー証明書」を選び、ダウンロードした .p12 ファイルを選んで、証明書のパスワードを入力し「OK」をタップします。",
		EN: "On the same screen choose “VPN & app user certificate”, pick the downloaded .p12 file, enter the certificate password and tap “OK”.",
	},
	"portal.steps.android.4": {
		JA: "このページに戻り、下の「社内アプリを開く」をタップします。証明書の選択を求められたらこの証明書を選んで「選択」をタップします。",
		EN: "Come back to this page and tap “Open the company's apps” below. When asked to choose a certificate, pick this one and tap “Select”.",
	},
	"portal.steps.windows.1": {
		JA: "「証明書ファイルをダウンロード」をクリックし、ダウンロードした .p12 ファイルをダブルクリックします。証明書のインポート ウィザードが開いたら、保存場所は「現在のユーザー」を選んで「次へ」をクリックします。",
		EN: "Click “Download the certificate file” and double-click the downloaded .p12 file. When the Certificate Import Wizard opens, choose “Current User” and click “Next”.",
	},
	"portal.steps.windows.2": {
		JA: "「インポートする証明書ファイル」の画面では、ファイル名がダウンロードした .p12 ファイルになっていることを確かめて「次へ」をクリックします。",
		EN: "On the “File to Import” screen, check that the file name is the downloaded .p12 file and click “Next”.",
	},
	"portal.steps.windows.3": {
		JA: "証明書のパスワードを入力して「次へ」をクリックし、「証明書の種類に基づいて、自動的に証明書ストアを選択する」のまま「次へ」→「完了」をクリックします。",
		EN: "Enter the certificate password and click “Next”; keep “Automatically select the certificate store based on the type of certificate”, then click “Next” and “Finish”.",
	},
	"portal.steps.windows.4": {
		JA: "ルート証明書のインストールを確認する画面が出たら、表示された拇印 (sha1) が下の拇印 (SHA-1) と一致することを確かめて「はい」をクリックします。",
		EN: "When asked to install the root certificate, check that the Thumbprint (sha1) shown matches the Thumbprint (SHA-1) below and click “Yes”.",
	},
	"portal.steps.windows.5": {
		JA: "下の「社内アプリを開く」をクリックします（ブラウザを開いたままインストールした場合は、ブラウザを再起動してから、このリンクをもう一度開いてクリックします）。証明書の選択が表示されたらこの証明書を選んで「OK」をクリックします。",
		EN: "Click “Open the company's apps” below (if the browser was open during the installation, restart it, open this link again and click it). When asked to choose a certificate, pick this one and click “OK”.",
	},
	"portal.steps.macos.1": {
		JA: "「証明書ファイルをダウンロード」をクリックし、ダウンロードした .p12 ファイルをダブルクリックします。キーチェーンアクセスが開いたら、キーチェーンは「ログイン」を選び、証明書のパスワードを入力します。",
		EN: "Click “Download the certificate file” and double-click the downloaded .p12 file. When Keychain Access opens, choose the “login” keychain and enter the certificate password.",
	},
	"portal.steps.macos.2": {
		JA: "下の「ルート証明書をダウンロード」をクリックし、cacert.cer をダブルクリックして「ログイン」キーチェーンに追加します。キーチェーンアクセスで「{ca}」をダブルクリックし、「信頼」→「この証明書を使用するとき」を「常に信頼」にして閉じ、Mac のパスワードを入力します。",
		EN: "Click “Download the root certificate” below, double-click cacert.cer and add it to the “login” keychain. In Keychain Access double-click “{ca}”, set Trust → “When using this certificate” to “Always Trust”, close it and enter your Mac password.",
	},
	"portal.steps.macos.3": {
		JA: "下の「社内アプリを開く」をクリックします。証明書の選択が表示されたらこの証明書を選んで「続ける」をクリックし、キーチェーンへのアクセスを「常に許可」します。",
		EN: "Click “Open the company's apps” below. When asked to choose a certificate, pick this one and click “Continue”, then “Always Allow” access to the keychain.",
	},
	"portal.link.unknown.title": {JA: "このリンクは見つかりません", EN: "This link does not exist"},
	"portal.link.unknown.body": {
		JA: "URLが途中で切れていないか確かめてください。それでも開けない場合は、管理者に新しいリンクを依頼してください。",
		EN: "Check that the address is complete. If it still does not open, ask your administrator for a new link.",
	},
	"portal.link.expired.title": {JA: "このリンクは有効期限が切れています", EN: "This link has expired"},
	"portal.link.expired.body": {
		JA: "ダウンロードリンクには有効期限があります。管理者に新しいリンクを依頼してください。",
		EN: "Download links are valid for a limited time. Ask your administrator for a new link.",
	},
	"portal.link.usedUp.title": {JA: "このリンクはすでに使用済みです", EN: "This link has been used up"},
	"portal.link.usedUp.installed": {
		JA: "ダウンロードとインストールが済んでいれば、下のボタンで証明書と接続を確かめられます。",
		EN: "If you downloaded and installed it, check your certificate and the connection with the button below.",
	},
	"portal.link.usedUp.body": {
		JA: "このリンクでダウンロードできる回数の上限に達しました。インストールがうまくいかなかった場合は、管理者に新しいリンクを依頼してください。",
		EN: "This link has no downloads left. If the installation did not work, ask your administrator for a new link.",
	},
	"portal.link.revoked.title": {JA: "このリンクは無効になっています", EN: "This link has been revoked"},
	"portal.link.revoked.body": {
		JA: "管理者がこのリンク、または証明書を無効にしました。必要な場合は管理者に連絡してください。",
		EN: "Your administrator revoked this link or its certificate. Contact them if you still need it.",
	},
	"portal.link.disabled.title": {JA: "リンクからのダウンロードは停止されています", EN: "Downloads through links are turned off"},
	"portal.link.disabled.body": {
		JA: "現在、管理者がリンクからの証明書のダウンロードを停止しています。証明書のインストールは管理者にお問い合わせください。",
		EN: "Your administrator has turned off certificate downloads through links. Ask them how to get your certificate installed.",
	},
	"portal.link.address.title": {JA: "この場所からはダウンロードできません", EN: "Downloads are not allowed from here"},
	"portal.link.address.body": {
		JA: "このリンクは社内ネットワークからのみ使えます。社内のWi-Fiなどに接続してから開き直してください。",
		EN: "This link works only from the company network. Connect to the office Wi-Fi and open it again.",
	},

	"message.missing": {
		JA: "（別途お知らせします）",
		EN: "(sent separately)",
	},
	// message.password_reset fills 【パスワード再発行】: Sekisho has no
	// self-service reset, so it says whom to ask and where to sign in.
	"message.password_reset": {
		JA: "パスワードを忘れた場合は管理者に再発行を依頼してください（ログインURL: {url}）",
		EN: "If you forget your password, ask your administrator to issue a new one (sign-in page: {url})",
	},
	"message.password_reset_no_url": {
		JA: "パスワードを忘れた場合は管理者に再発行を依頼してください。",
		EN: "If you forget your password, ask your administrator to issue a new one.",
	},
	"field.time": {
		JA: "日時の形式が正しくありません: {value}",
		EN: "This is not a valid date and time: {value}",
	},

	// IP rules.
	"rule.name.required": {JA: "名前を入力してください。", EN: "Enter a name."},
	"rule.address.required": {
		JA: "IPアドレスを入力してください（例: 192.0.2.10、192.0.2.0/24、2001:db8::/32）。",
		EN: "Enter an IP address (e.g. 192.0.2.10, 192.0.2.0/24, 2001:db8::/32).",
	},
	"rule.address.invalid": {
		JA: "「{value}」はIPv4またはIPv6のアドレスではありません。",
		EN: "“{value}” is not an IPv4 or IPv6 address.",
	},
	"rule.address.bits": {
		JA: "「/」の後には0から{max}の数字を入力してください（「{value}」は数字ではありません）。",
		EN: "After “/” enter a number from 0 to {max} (“{value}” is not a number).",
	},
	"rule.address.bits_range": {
		JA: "プレフィックス長 /{value} は使えません。このアドレスでは0から{max}です。",
		EN: "The prefix length /{value} is not possible: use 0 to {max} for this address.",
	},
	"rule.address.host_bits": {
		JA: "{value} はネットワークの範囲として正しくありません（ホスト部が0ではありません）。{want} のことですか？",
		EN: "{value} is not a network range (its host bits are not zero). Did you mean {want}?",
	},
	"rule.address.zone": {
		JA: "ゾーン付きのアドレス（%以降）は使えません: {value}",
		EN: "Addresses with a zone (after %) cannot be used: {value}",
	},

	"rule.not_found": {
		JA: "IP接続制限のルールが見つかりません（削除された可能性があります）。",
		EN: "The IP rule was not found (it may have been deleted).",
	},
	"rule.lockout.confirm": {
		JA: "この変更で次のアドレスからの接続ができなくなります: {addresses}。よろしいですか？",
		EN: "This change will cut off connections from: {addresses}. Continue?",
	},

	// Routes.
	"route.name.required": {JA: "アプリの名前を入力してください。", EN: "Enter the app's name."},
	"route.host.invalid": {
		JA: "ホスト名「{value}」が正しくありません（例: wiki.example.lan、192.168.1.10。ポートやhttps://は付けません）。",
		EN: "The host name “{value}” is not valid (e.g. wiki.example.lan or 192.168.1.10, without port or https://).",
	},
	"route.path.invalid": {
		JA: "パスは「/」で始めてください（空白・?・#は使えません）: {value}",
		EN: "The path must start with “/” (no spaces, ? or #): {value}",
	},
	"route.path.reserved": {
		JA: "{value} で始まるパスは関所が使うため指定できません。",
		EN: "Paths under {value} are Sekisho's own and cannot be used.",
	},
	"route.upstream.required": {
		JA: "転送先のURLを入力してください（例: http://192.168.1.10:8080）。",
		EN: "Enter the app's address (e.g. http://192.168.1.10:8080).",
	},
	"route.upstream.invalid": {
		JA: "転送先は http:// または https:// で始まるURLにしてください（ユーザー名・?・#は付けません）: {value}",
		EN: "The app's address must be an http:// or https:// URL (without user name, ? or #): {value}",
	},
	"route.taken": {
		JA: "{where} にはすでに別のアプリが設定されています。",
		EN: "Another app is already set up at {where}.",
	},
	"route.not_found": {
		JA: "アプリの設定が見つかりません（削除された可能性があります）。",
		EN: "The app was not found (it may have been deleted).",
	},

	"device.not_found": {
		JA: "端末が見つかりません（削除された可能性があります）。",
		EN: "The device was not found (it may have been deleted).",
	},

	// Gateway deny pages: why, and what to do (seed 000's causes).
	"deny.code":                 {JA: "理由コード（管理者へのお問い合わせ時にお伝えください）:", EN: "Reason code (quote it to your administrator):"},
	"deny.device.action":        {JA: "端末の利用申請へ", EN: "Request this device"},
	"deny.logout.action":        {JA: "ログアウト", EN: "Sign out"},
	"deny.ip_not_allowed.title": {JA: "この場所からは接続できません", EN: "You cannot connect from here"},
	"deny.ip_not_allowed.body": {
		JA: "お使いのネットワーク（{ip}）からの接続は許可されていません。社内のネットワーク（Wi-Fiなど）に接続してから開き直すか、管理者に連絡してください。",
		EN: "Connections from your network ({ip}) are not allowed. Connect to the company network (e.g. the office Wi-Fi) and try again, or contact your administrator.",
	},
	"deny.certificate_required.title": {JA: "クライアント証明書が必要です", EN: "A client certificate is required"},
	"deny.certificate_required.body": {
		JA: "この端末に有効なクライアント証明書がインストールされていないか、ブラウザーで証明書の選択を取り消しました。証明書をインストールしてからブラウザーを再起動し、証明書の確認が表示されたら許可してください。",
		EN: "No valid client certificate is installed on this device, or the browser's certificate prompt was cancelled. Install your certificate, restart the browser and allow the certificate when asked.",
	},
	"deny.certificate_disabled.title": {JA: "この証明書は無効に設定されています", EN: "This certificate is disabled"},
	"deny.certificate_disabled.body": {
		JA: "お使いのクライアント証明書は管理者によって無効にされています。新しい証明書について管理者に問い合わせてください。",
		EN: "Your client certificate has been disabled by your administrator. Ask them about a new certificate.",
	},
	"gateway.check.title": {JA: "接続の確認", EN: "Connection check"},
	"gateway.check.tls": {
		JA: "このページが警告なしで開いたなら、この端末は関所の認証局を信頼しています（警告を無視して開いた場合は、ルート証明書の手順をやり直してください）。",
		EN: "If this page opened without a warning, this device trusts Sekisho's certificate authority (if you went past a warning, do the root certificate step again).",
	},
	"gateway.check.cert.ok": {
		JA: "証明書「{name}」を確認しました。有効な証明書です。",
		EN: "Your certificate “{name}” is valid.",
	},
	"gateway.check.cert.none": {
		JA: "証明書が送られていません。証明書のインストールを確かめ、ブラウザを閉じて開き直してから、もう一度お試しください。証明書の選択画面が出たら、この証明書を選んでください。",
		EN: "No certificate was sent. Check that the certificate is installed, close and reopen the browser, and try again. When asked to choose a certificate, pick this one.",
	},
	"gateway.check.cert.unknown": {
		JA: "送られた証明書は、この会社の関所が発行した有効なものではありません。管理者に新しい証明書を依頼してください。",
		EN: "The certificate sent is not a valid one from this company's Sekisho. Ask your administrator for a new one.",
	},
	"gateway.check.cert.problem": {
		JA: "証明書「{name}」は使えません: {reason}。管理者に連絡してください。",
		EN: "The certificate “{name}” cannot be used: {reason}. Contact your administrator.",
	},
	"gateway.check.no_root": {
		JA: "社内アプリは、管理者から案内されたアドレス（ブックマーク）から開いてください。",
		EN: "Open the company's apps at the addresses your administrator gave you (bookmarks).",
	},
	"gateway.check.open":             {JA: "社内アプリへ", EN: "Go to the company's apps"},
	"deny.certificate_expired.title": {JA: "証明書の有効期間外です", EN: "The certificate is outside its validity period"},
	"deny.certificate_expired.body": {
		JA: "お使いのクライアント証明書は有効期限が切れているか、まだ使用開始日になっていません。新しい証明書をインストールしてください（管理者に依頼してください）。",
		EN: "Your client certificate has expired or is not valid yet. Install a new certificate (ask your administrator).",
	},
	"deny.certificate_revoked.title": {JA: "この証明書は失効しています", EN: "This certificate has been revoked"},
	"deny.certificate_revoked.body": {
		JA: "お使いのクライアント証明書は失効しているため使えません。端末から削除し、新しい証明書を管理者に依頼してください。",
		EN: "Your client certificate has been revoked and cannot be used. Remove it from this device and ask your administrator for a new one.",
	},
	"deny.certificate_not_yours.title": {JA: "別のユーザーの証明書です", EN: "This certificate belongs to someone else"},
	"deny.certificate_not_yours.body": {
		JA: "この端末の証明書は、ログイン中のユーザーのものではありません。ご自身の証明書を使うか、いったんログアウトしてください。",
		EN: "The certificate on this device does not belong to the signed-in user. Use your own certificate, or sign out.",
	},
	"deny.user_suspended.title": {JA: "利用が停止されています", EN: "Your account is suspended"},
	"deny.user_suspended.body": {
		JA: "このアカウントは管理者によって利用が停止されています。心当たりがない場合は管理者に連絡してください。",
		EN: "Your administrator has suspended this account. Contact them if you think this is a mistake.",
	},
	"deny.device_required.title": {JA: "この端末は登録されていません", EN: "This device is not registered"},
	"deny.device_required.body": {
		JA: "あなたのアカウントは、管理者が承認した端末からのみ利用できます。この端末の利用を申請してください。",
		EN: "Your account can be used only from devices your administrator approved. Request approval for this device.",
	},
	"deny.device_pending.title": {JA: "端末の承認待ちです", EN: "This device is waiting for approval"},
	"deny.device_pending.body": {
		JA: "この端末の利用申請は管理者の承認待ちです。承認されると使えるようになります。",
		EN: "Your request for this device is waiting for your administrator. You can use it once it is approved.",
	},
	"deny.device_rejected.title": {JA: "この端末の利用は却下されました", EN: "This device was rejected"},
	"deny.device_rejected.body": {
		JA: "この端末の利用申請は管理者によって却下されました。詳しくは管理者に問い合わせてください。",
		EN: "Your administrator rejected the request for this device. Ask them for details.",
	},

	// Sign-in and device pages.
	"form.csrf": {
		JA: "ページの有効期限が切れました。もう一度お試しください。",
		EN: "This page has expired. Please try again.",
	},
	"signin.title":    {JA: "ログイン", EN: "Sign in"},
	"signin.intro":    {JA: "社内アプリを使うには、ユーザーコードとパスワードでログインしてください。", EN: "Sign in with your user code and password to use the company's apps."},
	"signin.user":     {JA: "ユーザーコード", EN: "User code"},
	"signin.password": {JA: "パスワード", EN: "Password"},
	"signin.submit":   {JA: "ログイン", EN: "Sign in"},
	"signin.missing":  {JA: "ユーザーコードとパスワードを入力してください。", EN: "Enter your user code and password."},
	"signin.bad": {
		JA: "ユーザーコードまたはパスワードが違います。",
		EN: "The user code or password is wrong.",
	},
	"signin.throttled_seconds": {
		JA: "ログインの失敗が続いたため、少し待つ必要があります。{seconds}秒ほど待ってからもう一度お試しください。",
		EN: "Too many failed sign-ins. Please wait {seconds} s and try again.",
	},
	"signin.throttled_minutes": {
		JA: "ログインの失敗が続いたため、しばらくログインできません。{minutes}分ほど待ってからお試しください。別の端末からはそのままログインできます。",
		EN: "Too many failed sign-ins. Please wait about {minutes} minutes and try again. You can still sign in from another device.",
	},
	"signin.busy": {
		JA: "ただいまログインが混み合っています。数秒待ってからもう一度お試しください。",
		EN: "Sign-in is busy right now. Please wait a few seconds and try again.",
	},
	"signin.suspended": {
		JA: "このアカウントは利用が停止されています。管理者に連絡してください。",
		EN: "This account is suspended. Contact your administrator.",
	},
	"signout.confirm_title": {JA: "ログアウトしますか？", EN: "Sign out?"},
	"signout.confirm_body":  {JA: "ログアウトすると、社内アプリを使うにはもう一度ログインが必要です。", EN: "After signing out, you need to sign in again to use the company's apps."},
	"signout.title":         {JA: "ログアウトしました", EN: "Signed out"},
	"signout.body":          {JA: "ご利用ありがとうございました。", EN: "You have been signed out."},
	"device.form.title":     {JA: "端末の利用申請", EN: "Request to use this device"},
	"device.form.intro": {
		JA: "この端末（{os}）で社内アプリを使うには、管理者の承認が必要です。端末名を入力して申請してください。",
		EN: "To use the company's apps on this device ({os}), your administrator must approve it. Name the device and send the request.",
	},
	"device.form.name":            {JA: "端末名（例: 営業用iPhone）", EN: "Device name (e.g. Sales iPhone)"},
	"device.form.phone":           {JA: "電話番号（任意）", EN: "Phone number (optional)"},
	"device.form.submit":          {JA: "申請", EN: "Send request"},
	"device.form.note":            {JA: "申請するとこの端末にだけ記録が残ります。ブラウザーのCookieを削除すると申請し直しが必要です。", EN: "The request is remembered in this browser only; clearing its cookies means requesting again."},
	"device.form.name_required":   {JA: "端末名を50文字以内で入力してください。", EN: "Enter a device name of at most 50 characters."},
	"device.form.phone_invalid":   {JA: "電話番号は数字と + - ( ) で入力してください。", EN: "Use digits and + - ( ) for the phone number."},
	"device.form.name_control":    {JA: "端末名に改行や制御文字は使えません。", EN: "The device name cannot contain line breaks or control characters."},
	"device.form.rate_limited":    {JA: "端末の利用申請が多すぎます。1時間ほどたってから、もう一度申請してください。申請済みの場合は、管理者の承認をお待ちください。", EN: "Too many device requests. Please wait about an hour before sending another. If you have already sent one, please wait for your administrator's approval."},
	"device.status.title":         {JA: "端末の利用申請", EN: "Device request"},
	"device.status.pending":       {JA: "申請中", EN: "Pending"},
	"device.status.pending_body":  {JA: "管理者の承認をお待ちください。承認されると「始める」ボタンが表示されます。", EN: "Please wait for your administrator's approval. A Start button appears once approved."},
	"device.status.reload":        {JA: "状態を更新", EN: "Check again"},
	"device.status.approved":      {JA: "承認", EN: "Approved"},
	"device.status.approved_body": {JA: "この端末の利用が承認されました。", EN: "This device has been approved."},
	"device.status.start":         {JA: "始める", EN: "Start"},
	"device.status.rejected":      {JA: "却下", EN: "Rejected"},
	"device.status.rejected_body": {JA: "この端末の利用申請は却下されました。", EN: "The request for this device was rejected."},

	"notify.device.title": {JA: "端末の利用申請を受け取りました", EN: "A device request has arrived"},
	"notify.device.body": {
		JA: "{user} さんの「{device}」。端末の画面で承認または却下してください。",
		EN: "“{device}” from {user}. Approve or reject it on the Devices screen.",
	},

	// The desktop window as the engine's console (native dialogs, and the
	// window's answer when the engine does not).
	"console.engine_unreachable": {
		JA: "関所のサービス（{url}）に接続できません。サービスが動いているか確認してください。再開すると自動でつながります。",
		EN: "Cannot reach the Sekisho service ({url}). Check that it is running; the window reconnects when it is back.",
	},
	"console.close.title": {JA: "ゲートウェイを停止しますか？", EN: "Stop the gateway?"},
	"console.close.body": {
		JA: "このウィンドウを閉じるとゲートウェイも停止します。有効なルートが {n} 件あり、社員はゲートウェイ経由で社内のサービスを使えなくなります。\n\n閉じてもよろしいですか？ ゲートウェイを常に動かしておくには、サービスとしてインストールしてください。",
		EN: "Closing this window stops the gateway. {n} route(s) are enabled, and people can no longer reach the company's apps through the gateway.\n\nClose anyway? To keep the gateway running, install it as a service.",
	},
	"console.close.yes":     {JA: "閉じる", EN: "Close"},
	"console.close.no":      {JA: "キャンセル", EN: "Cancel"},
	"console.service.title": {JA: "関所のサービス", EN: "Sekisho service"},
	"console.service.body": {
		JA: "このパソコンには関所のサービスのデータフォルダー（{dir}）がありますが、このユーザーには読む権限がないため、ウィンドウをサービスにつなげません。\n\nサービスを管理するには、{how}\n\n代わりに、このウィンドウだけで動く関所を起動しますか（ポータブルモード。データは {own}。ウィンドウを閉じるとゲートウェイも止まります）？",
		EN: "This computer has a Sekisho service's data folder ({dir}), but this user may not read it, so the window cannot attach to the service.\n\nTo manage the service, {how}\n\nStart a Sekisho that runs in this window only instead (portable mode, data in {own}; the gateway stops when the window closes)?",
	},
	"console.service.other": {
		JA: "{why}\n\n代わりに、このウィンドウだけで動く関所を起動しますか（ポータブルモード。データは {own}。ウィンドウを閉じるとゲートウェイも止まります）？",
		EN: "{why}\n\nStart a Sekisho that runs in this window only instead (portable mode, data in {own}; the gateway stops when the window closes)?",
	},
	"console.service.portable": {JA: "このウィンドウで起動", EN: "Start in this window"},
	"console.service.quit":     {JA: "終了", EN: "Quit"},
	"console.how.windows": {
		JA: "このアプリを右クリックして［管理者として実行］で開いてください。",
		EN: "open this app with right-click › Run as administrator.",
	},
	"console.how.unix": {
		JA: "管理者としてウィンドウを開く（sudo {exe}）か、ブラウザーで管理画面を開いてください（管理トークンは sudo cat {token} で表示されます）。",
		EN: "open the window as an administrator (sudo {exe}), or open the admin UI in a browser with the admin token that sudo cat {token} shows.",
	},
	"console.denied": {
		JA: "データフォルダー {dir} では関所のサービスが動いているようですが、このユーザーには読む権限がありません。{how}",
		EN: "A Sekisho service seems to run on the data folder {dir}, but this user may not read it: {how}",
	},
	"console.token.missing": {
		JA: "データフォルダー {dir} では関所のエンジン（{url}）が動いていますが、管理トークンがフォルダーにありません（SEKISHO_ADMIN_TOKEN で指定されています）。同じ SEKISHO_ADMIN_TOKEN を設定してウィンドウを開いてください。",
		EN: "A Sekisho engine runs on the data folder {dir} ({url}), but its admin token is not in the folder (it was set with SEKISHO_ADMIN_TOKEN). Open the window with the same SEKISHO_ADMIN_TOKEN.",
	},
	"console.token.refused": {
		JA: "データフォルダー {dir} で動いている関所のエンジン（{url}）が、このウィンドウの管理トークンを受け付けませんでした。SEKISHO_ADMIN_TOKEN を確認するか、エンジンを再起動してください。",
		EN: "The Sekisho engine on the data folder {dir} ({url}) refused this window's admin token. Check SEKISHO_ADMIN_TOKEN, or restart the engine.",
	},

	// Backups.
	"backup.passphrase.short": {
		JA: "バックアップのパスフレーズは{min}文字以上で入力してください。",
		EN: "Use at least {min} characters for the backup passphrase.",
	},
	"restore.not_fresh": {
		JA: "このSekishoにはすでにデータ（ユーザー、証明書、ルールなど）があるため、画面からは復元できません。今のデータを残したまま置き換えるには、Sekishoを止めてから sekisho restore --data {dir} --in バックアップファイル --force を実行してください（今のデータは日付付きのフォルダーに残ります）。",
		EN: "This Sekisho already holds data (users, certificates, rules…), so a backup cannot be restored from the screen. To replace it, stop Sekisho and run sekisho restore --data {dir} --in BACKUP-FILE --force (the current data is kept in a dated folder).",
	},
	"restore.passphrase.missing": {
		JA: "バックアップを作成したときのパスフレーズを入力してください。",
		EN: "Enter the passphrase the backup was made with.",
	},
	"restore.passphrase.wrong": {
		JA: "パスフレーズが違います。バックアップを作成したときのパスフレーズを入力してください。何も変更されていません。",
		EN: "Wrong passphrase: enter the one the backup was made with. Nothing was changed.",
	},
	"restore.file.missing": {
		JA: "バックアップファイル（.sekisho-backup）を選んでください。",
		EN: "Choose a backup file (.sekisho-backup).",
	},
	"restore.file.damaged": {
		JA: "このファイルは壊れているか、Sekishoのバックアップではありません。別のバックアップファイルを選んでください。何も変更されていません。",
		EN: "This file is damaged or is not a Sekisho backup. Choose another backup file. Nothing was changed.",
	},
	"restore.file.newer": {
		JA: "このバックアップは新しいバージョンのSekishoで作成されています。Sekishoを更新してから復元してください。何も変更されていません。",
		EN: "This backup was made by a newer version of Sekisho. Update Sekisho, then restore it. Nothing was changed.",
	},
	"ca.export.passphrase.short": {
		JA: "認証局を書き出すファイルのパスフレーズは{min}文字以上で入力してください。",
		EN: "Use at least {min} characters for the passphrase of the CA export.",
	},
	"ca.export.confirm": {
		JA: "認証局（CA）の証明書と秘密鍵を書き出しますか？このファイルとパスフレーズを持つ人は、すべての端末が信頼する証明書を自由に発行できます。移行が終わったらファイルを削除してください。",
		EN: "Export the CA certificate with its private key? Whoever holds this file and its passphrase can issue certificates that every device trusts. Delete the file once the move is done.",
	},
	"ca.renew.mode": {
		JA: "更新の方法を選んでください（同じ鍵で更新、または新しいCAに切り替え）。",
		EN: "Choose how to renew the CA: with the same key, or a new CA.",
	},
	"ca.renew.overlap": {
		JA: "移行期間は{min}日から{max}日の間で入力してください（今のCAの有効期限を超えられません）。",
		EN: "Enter an overlap of {min} to {max} days (it cannot outlast the current CA).",
	},
	"ca.renew.seal_key": {
		JA: "認証局を更新できませんでした。データフォルダーの master.key（または SEKISHO_MASTER_KEY）でCAの秘密鍵を開けません。起動後に master.key が置き換えられていないか確認してください。何も変更されていません。",
		EN: "The CA could not be renewed: the data folder's master.key (or SEKISHO_MASTER_KEY) does not open the CA key. Check that master.key was not replaced after the engine started. Nothing was changed.",
	},
	"ca.renew.confirm_same_key": {
		JA: "認証局（CA）を同じ鍵で更新しますか？発行済みの証明書はそのまま使えます。新しいルート証明書は、今のルート証明書の期限までに各端末へ入れ直してください（ポータルで配布されます）。",
		EN: "Renew the CA with the same key? Every certificate issued so far keeps working. Devices need the new root certificate (the portal offers it) before the current one ends.",
	},
	"ca.renew.confirm_new_key": {
		JA: "新しい認証局（CA）に切り替えますか？これから発行する証明書は新しいCAで署名されます。今のCAが発行した証明書は{days}日後にゲートウェイで使えなくなります。それまでに各端末へ新しいルート証明書と証明書を配布してください。元に戻すことはできません。",
		EN: "Switch to a new CA? Certificates issued from now on are signed by the new CA. Certificates from the current CA stop working at the gateway in {days} days: install the new root and new certificates on every device before then. This cannot be undone.",
	},
	"ca.export.seal_key": {
		JA: "認証局を書き出せませんでした。データフォルダーの master.key（または SEKISHO_MASTER_KEY）でCAの秘密鍵を開けません。起動後に master.key が置き換えられていないか確認してください。",
		EN: "The CA could not be exported: the data folder's master.key (or SEKISHO_MASTER_KEY) does not open the CA key. Check that master.key was not replaced after the engine started.",
	},
	"backup.seal_key": {
		JA: "バックアップを作成できませんでした。データフォルダーの master.key（または SEKISHO_MASTER_KEY）でCAの秘密鍵を開けません。起動後に master.key が置き換えられていないか確認してください。",
		EN: "The backup could not be made: the data folder's master.key (or SEKISHO_MASTER_KEY) does not open the CA key. Check that master.key was not replaced after the engine started.",
	},
	"settings.backup_folder.relative": {
		JA: "バックアップの保存先は、C:\\Backup や /mnt/nas/sekisho のような絶対パスで入力してください。",
		EN: "Enter the backup folder as an absolute path, such as C:\\Backup or /mnt/nas/sekisho.",
	},
	"settings.backup_folder.missing": {
		JA: "バックアップの保存先 {folder} が見つかりません。USBドライブやNASが接続されているか確認し、既にあるフォルダーを指定してください。",
		EN: "The backup folder {folder} does not exist. Check that the USB drive or NAS share is connected, and choose an existing folder.",
	},
	"settings.backup_folder.not_folder": {
		JA: "{folder} はフォルダーではありません。バックアップの保存先にはフォルダーを指定してください。",
		EN: "{folder} is not a folder. Choose a folder for the backups.",
	},
	"settings.backup_folder.not_writable": {
		JA: "バックアップの保存先 {folder} に書き込めません（{reason}）。書き込みの権限があるフォルダーを指定してください。",
		EN: "Sekisho cannot write in the backup folder {folder} ({reason}). Choose a folder it may write in.",
	},
	"settings.backup.folder_required": {
		JA: "自動バックアップをオンにするには、保存先のフォルダーを入力してください。",
		EN: "Enter the backup folder to turn scheduled backups on.",
	},
	"settings.backup.passphrase_required": {
		JA: "自動バックアップをオンにするには、バックアップのパスフレーズを設定してください。",
		EN: "Set the backup passphrase to turn scheduled backups on.",
	},

	// SMTP: notification mail (Settings → メール送信, Messages.Send).
	"settings.smtp.host.invalid": {
		JA: "SMTPサーバーは、ホスト名かIPアドレスだけで入力してください（例: smtp.example.co.jp）。ポート番号は「ポート」に入力します: {value}",
		EN: "Enter the SMTP server as a host name or IP address only (for example smtp.example.co.jp); the port goes in Port: {value}",
	},
	"settings.smtp.from.invalid": {
		JA: "差出人はメールアドレスで入力してください（例: it@example.co.jp または 情報システム部 <it@example.co.jp>）: {value}",
		EN: "Enter the sender as an e-mail address (for example it@example.co.jp or IT <it@example.co.jp>): {value}",
	},
	"settings.smtp.password.retype": {
		JA: "SMTPサーバーかユーザー名を変えるときは、パスワードも入力し直してください（保存済みのパスワードは、入力したときのサーバーとユーザー名にだけ使います）。",
		EN: "When you change the SMTP server or user name, enter the password again (a saved password is used only with the server and user name it was entered for).",
	},
	"settings.smtp.password.required": {
		JA: "ユーザー名を使うときは、SMTPのパスワードも入力してください（認証しないサーバーなら、ユーザー名を空にしてください）。",
		EN: "Enter the SMTP password to go with the user name (for a server without sign-in, leave the user name empty).",
	},
	"settings.smtp.password.set_and_clear": {
		JA: "SMTPのパスワードの入力と削除は同時にできません。どちらか一方にしてください。",
		EN: "The SMTP password cannot be set and removed at once: do one or the other.",
	},
	"settings.smtp.none_with_auth": {
		JA: "暗号化なし（none）ではパスワードが平文で送られるため、ユーザー名とパスワードを使えません。STARTTLS か TLS を選ぶか、ユーザー名を空にしてください。",
		EN: "With no encryption (none) the password would cross the network in the clear, so a user name and password cannot be used: choose STARTTLS or TLS, or leave the user name empty.",
	},
	"mail.not_configured": {
		JA: "メールの送信先サーバーが設定されていません。設定 → メール送信（SMTP）で、SMTPサーバー（smtpHost）と差出人（smtpFrom）を設定してください。何も送信されていません。",
		EN: "No mail server is set up. Set the SMTP server (smtpHost) and the sender (smtpFrom) in Settings → Mail (SMTP). Nothing was sent.",
	},
	"mail.password_unreadable": {
		JA: "保存されているSMTPのパスワードを読み出せません（データフォルダーの master.key が変わった可能性があります）。設定 → メール送信（SMTP）でパスワードを入力し直してください。何も送信されていません。",
		EN: "The stored SMTP password cannot be read (the data folder's master.key may have changed). Enter the password again in Settings → Mail (SMTP). Nothing was sent.",
	},
	// Routes.Test: why an upstream could not be reached ({host} is its
	// host:port; the technical error is shown under the message).
	"routes.test.refused": {
		JA: "{host} に接続できませんでした（接続を拒否されました）。転送先のアプリが起動しているか、ポート番号が正しいかを確認してください。",
		EN: "Could not connect to {host}: the connection was refused. Check that the app is running and that the port number is right.",
	},
	"routes.test.timeout": {
		JA: "{host} から{seconds}秒以内に応答がありませんでした。アドレスが正しいか、ファイアウォールで止められていないかを確認してください。",
		EN: "{host} did not answer within {seconds} seconds. Check the address and that no firewall blocks it.",
	},
	"routes.test.dns": {
		JA: "ホスト名 {host} が見つかりませんでした。ホスト名の綴りを確認するか、IPアドレスで指定してください。",
		EN: "The host name {host} was not found. Check its spelling, or use the IP address.",
	},
	"routes.test.no_route": {
		JA: "{host} に届きませんでした（ネットワークに到達できません）。アドレスと、このPCからそのネットワークにつながるかを確認してください。",
		EN: "Could not reach {host} (no route to the network). Check the address and that this PC can reach that network.",
	},
	"routes.test.tls_plain": {
		JA: "{host} は暗号化なし（http://）で応答しました。転送先を https:// ではなく http:// で指定してください。",
		EN: "{host} answered without encryption (http://). Enter the upstream with http:// instead of https://.",
	},
	"routes.test.tls": {
		JA: "{host} と暗号化（TLS）で接続できませんでした。http:// と https:// のどちらで動いているか、ポート番号を確認してください。",
		EN: "Could not set up an encrypted (TLS) connection to {host}. Check whether the app uses http:// or https://, and the port number.",
	},
	"routes.test.closed": {
		JA: "{host} が応答せずに接続を切りました。http:// と https:// のどちらで動いているか、ポート番号を確認してください。",
		EN: "{host} closed the connection without answering. Check whether the app uses http:// or https://, and the port number.",
	},
	"routes.test.failed": {
		JA: "{host} に接続できませんでした。",
		EN: "Could not connect to {host}.",
	},
	"routes.test.http_status": {
		JA: "アプリには届きましたが、アプリがエラーを返しました（HTTP {status}）。アプリの状態を確認してください。",
		EN: "The app was reached but answered with an error (HTTP {status}). Check the app itself.",
	},
	"mail.connect": {
		JA: "SMTPサーバー {server} に接続できませんでした（{reply}）。設定 → メール送信（SMTP）のサーバー名とポートを確認してください。",
		EN: "Could not connect to the SMTP server {server} ({reply}). Check the server name and port in Settings → Mail (SMTP).",
	},
	"mail.timeout": {
		JA: "SMTPサーバー {server} から{seconds}秒以内に応答がありませんでした。サーバー名とポート、暗号化の方式（STARTTLS は通常587番、TLS は465番）を確認してください。",
		EN: "The SMTP server {server} did not answer within {seconds} seconds. Check the server name, the port and the security (STARTTLS usually on 587, TLS on 465).",
	},
	"mail.tls": {
		JA: "SMTPサーバー {server} と暗号化（TLS）して接続できませんでした（{reply}）。暗号化の方式（STARTTLS は通常587番、TLS は465番）と、サーバーの証明書を確認してください。",
		EN: "Could not set up an encrypted (TLS) connection to the SMTP server {server} ({reply}). Check the security (STARTTLS usually on 587, TLS on 465) and the server's certificate.",
	},
	"mail.no_starttls": {
		JA: "SMTPサーバー {server} は STARTTLS に対応していないため、送信を中止しました（暗号化せずに送ることはしません）。暗号化の方式とポートを確認してください。",
		EN: "The SMTP server {server} does not offer STARTTLS, so nothing was sent (mail is never sent unencrypted unless chosen). Check the security and the port.",
	},
	"mail.auth": {
		JA: "SMTPサーバー {server} にログインできませんでした（{reply}）。設定 → メール送信（SMTP）のユーザー名とパスワードを確認してください。",
		EN: "Could not sign in to the SMTP server {server} ({reply}). Check the user name and password in Settings → Mail (SMTP).",
	},
	"mail.address": {
		JA: "メールアドレス {email} には送信できません（{reply}）。ユーザーのメールアドレスを確認してください。",
		EN: "Mail cannot be sent to {email} ({reply}). Check the user's e-mail address.",
	},
	"mail.sender": {
		JA: "SMTPサーバーが差出人 {from} を受け付けませんでした（{reply}）。設定 → メール送信（SMTP）の差出人を、サーバーが認めるアドレスにしてください。",
		EN: "The SMTP server refused the sender {from} ({reply}). Set a sender the server accepts in Settings → Mail (SMTP).",
	},
	"mail.recipient": {
		JA: "SMTPサーバーが宛先 {email} を受け付けませんでした（{reply}）。メールアドレスが正しいか確認してください。",
		EN: "The SMTP server refused the recipient {email} ({reply}). Check that the address is right.",
	},
	"mail.data": {
		JA: "送信中にエラーが発生しました（{reply}）。しばらくしてから再送してください。",
		EN: "Sending failed ({reply}). Try sending again in a while.",
	},
	"message.send.too_many": {
		JA: "一度に送信できるのは{max}通までです。",
		EN: "At most {max} messages can be sent at once.",
	},
	"message.send.no_user": {
		JA: "宛先のユーザーがいません（共有証明書の案内は、メールで送信できません）。",
		EN: "There is no user to send this to (a shared certificate's message cannot be mailed).",
	},
	"message.send.no_email": {
		JA: "{name}（{code}）にはメールアドレスが登録されていません。ユーザーの編集でメールアドレスを入力してから再送してください。",
		EN: "{name} ({code}) has no e-mail address. Add one in the user's details, then send again.",
	},
	"mail.test.to_required": {
		JA: "テストメールの宛先を入力してください。",
		EN: "Enter an address to send the test message to.",
	},
	"mail.test.subject": {
		JA: "【関所】テストメール",
		EN: "[Sekisho] Test message",
	},
	"mail.test.body": {
		JA: "関所（Sekisho）からのテストメールです。\n\nこのメールが届いていれば、メール送信の設定（SMTPサーバー {server}、暗号化 {security}）は正しく動いています。",
		EN: "This is a test message from Sekisho.\n\nIf it reached you, the mail settings (SMTP server {server}, security {security}) work.",
	},
}

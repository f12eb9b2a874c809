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
		JA: "証明書認証と端末指定は併用することはできません。{codes} は{other}が有効です。",
		EN: "Certificate authentication and device designation cannot be used together. {other} is on for {codes}.",
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
	"cert.window.widen": {
		JA: "有効期間は証明書に書かれた期間（{date}）より広げられません。広げるには更新してください。",
		EN: "The validity window cannot go beyond the certificate's own dates ({date}). Renew the certificate to extend it.",
	},
	"cert.window.order": {
		JA: "使用終了日は使用開始日より後にしてください。",
		EN: "The end date must be after the start date.",
	},

	"link.not_found": {
		JA: "ダウンロードリンクが見つかりません。",
		EN: "The download link was not found.",
	},
}

package graphrt

// The service roots of Microsoft Graph's national clouds, the token scope
// that goes with each (the root followed by /.default, which asks for the
// permissions the app was granted), and the API versions. A client's
// server is a root followed by a version: GlobalRoot + "/" + V1 is
// https://graph.microsoft.com/v1.0.
const (
	// GlobalRoot is the global service, graph.microsoft.com.
	GlobalRoot = "https://graph.microsoft.com"
	// USGovRoot is Microsoft Graph for US Government L4 (GCC High).
	USGovRoot = "https://graph.microsoft.us"
	// USGovDoDRoot is Microsoft Graph for US Government L5 (DoD).
	USGovDoDRoot = "https://dod-graph.microsoft.us"
	// ChinaRoot is Microsoft Graph China operated by 21Vianet.
	ChinaRoot = "https://microsoftgraph.chinacloudapi.cn"

	// GlobalScope is the token scope of GlobalRoot.
	GlobalScope = GlobalRoot + "/.default"
	// USGovScope is the token scope of USGovRoot.
	USGovScope = USGovRoot + "/.default"
	// USGovDoDScope is the token scope of USGovDoDRoot.
	USGovDoDScope = USGovDoDRoot + "/.default"
	// ChinaScope is the token scope of ChinaRoot.
	ChinaScope = ChinaRoot + "/.default"

	// V1 is the generally available API version.
	V1 = "v1.0"
	// Beta is the preview API version, which may change without notice.
	Beta = "beta"
)

// Cloud is one of Graph's national clouds: where its API is served and
// where its tokens come from.
type Cloud struct {
	// Name is a short name for logs: global, usgov, usgov-dod, china.
	Name string
	// Root is the service root, such as https://graph.microsoft.com.
	Root string
	// Authority is the Microsoft Entra sign-in host that issues tokens for
	// Root, such as https://login.microsoftonline.com/.
	Authority string
}

// The national clouds. A client's scope follows from its server (see
// WithTokenSource), so that NewClient(USGov.URL(V1), ...) asks for tokens
// of USGovScope without being told.
var (
	Global   = Cloud{Name: "global", Root: GlobalRoot, Authority: "https://login.microsoftonline.com/"}
	USGov    = Cloud{Name: "usgov", Root: USGovRoot, Authority: "https://login.microsoftonline.us/"}
	USGovDoD = Cloud{Name: "usgov-dod", Root: USGovDoDRoot, Authority: "https://login.microsoftonline.us/"}
	China    = Cloud{Name: "china", Root: ChinaRoot, Authority: "https://login.chinacloudapi.cn/"}
)

// URL returns the server URL of an API version, such as
// https://graph.microsoft.com/v1.0 for Global.URL(V1).
func (c Cloud) URL(version string) string { return c.Root + "/" + version }

// Scope returns the token scope of the cloud's API, Root + "/.default".
func (c Cloud) Scope() string { return c.Root + "/.default" }

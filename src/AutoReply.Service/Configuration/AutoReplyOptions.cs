namespace AutoReply.Service.Configuration;

// The configuration tree, bound from appsettings.json, environment variables (AutoReply__X or X__Y) and the
// command line. Defaults here are the embedded defaults; appsettings.json repeats them so they are visible.

public sealed class GenericChannelOptions
{
    public string? OutboundUrl { get; set; }
    /// HMAC-SHA256 key for X-AutoReply-Signature. Required when the service listens beyond loopback.
    public string? Secret { get; set; }
    public int MaxTextLength { get; set; } = 4000;
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

public sealed class WorkerOptions
{
    /// Turns run in this many lanes; a thread always maps to the same lane, so its turns stay in order.
    public int Lanes { get; set; } = 16;
    public int ClaimBatch { get; set; } = 256;
    public int MaxInFlight { get; set; } = 4096;
    public int LeaseSeconds { get; set; } = 30;
    public double PollSeconds { get; set; } = 1;
}

public sealed class OutboxOptions
{
    public int MaxAttempts { get; set; } = 8;
    public int BaseDelayMs { get; set; } = 1000;
    public int MaxDelaySeconds { get; set; } = 600;
    public double TimeoutSeconds { get; set; } = 10;
    public int Concurrency { get; set; } = 64;
    public int LeaseSeconds { get; set; } = 60;
    public double PollSeconds { get; set; } = 1;
}

public sealed class AcknowledgementOptions
{
    /// What the acknowledgement promises: a person's reply within this much business time.
    public TimeSpan ReplyWithin { get; set; } = TimeSpan.FromHours(2);
    /// At most one acknowledgement per thread in this period.
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class PolicyOptions
{
    public List<string> OptOutWords { get; set; } = [];
    public List<string> OptInWords { get; set; } = [];
}

public sealed class BusinessHoursOptions
{
    public string TimeZone { get; set; } = "Europe/Berlin";
    /// Per weekday: "09:00-17:00", several as "09:00-12:00, 13:00-17:00", closed as "" or "closed".
    public Dictionary<string, string> Week { get; set; } = [];
    /// Local dates, "2026-12-25".
    public List<string> Holidays { get; set; } = [];
}

public sealed class DialogOptions
{
    public string Path { get; set; } = "dialogs";
    public string DefaultLanguage { get; set; } = "en";
}

public sealed class StorageOptions
{
    /// Full (default): a commit survives power loss. Normal: it survives a crash of the process, not of the machine.
    public string Durability { get; set; } = "Full";
}

public sealed class ApiOptions
{
    /// Hex SHA-256 of the bearer token that may read transcripts and dead letters. Unset: loopback-only use.
    public string? TokenSha256 { get; set; }
}

public sealed class MatchingOptions
{
    /// Answer when the best answer's calibrated confidence is at least this.
    public float AnswerThreshold { get; set; } = 0.6f;
    /// Two answers closer than this ask "Did you mean …?".
    public float AmbiguityMargin { get; set; } = 0.15f;
    /// The detected language is used when the detector is at least this sure; else the thread's language.
    public double LanguageConfidence { get; set; } = 0.8;
}

public sealed class FlowOptions
{
    /// Whole-message words that end a flow at any step; empty: the built-in list (cancel, abbrechen, peruuta …).
    public List<string> CancelWords { get; set; } = [];
    /// Whole-message words that hand a flow to a person at any step; empty: the built-in list (agent, Mitarbeiter …).
    public List<string> AgentWords { get; set; } = [];
    /// A flow the customer leaves this long lapses silently.
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class RecognizerOptions
{
    /// ISO region for phone numbers written without a country code.
    public string PhoneRegion { get; set; } = "DE";
}

public sealed class AgentOptions
{
    public string Id { get; set; } = "";
    public string Team { get; set; } = "support";
    /// Hex SHA-256 of the agent's bearer token; the token itself is never configured or stored.
    public string TokenSha256 { get; set; } = "";
}

public sealed class HandoffOptions
{
    /// Category → team; categories not listed go to DefaultTeam.
    public Dictionary<string, string> Teams { get; set; } = [];
    public string DefaultTeam { get; set; } = "support";
}

public sealed class EscalationOptions
{
    /// Words that send a DM straight to a person as an urgent complaint; empty: the built-in list (lawyer, Anwalt …).
    public List<string> LegalWords { get; set; } = [];
    /// Words that mark a DM as angry (priority high); empty: the built-in list.
    public List<string> AngerWords { get; set; } = [];
    /// Sender ids ("u-123", or "channel:id") whose hand-offs are high priority.
    public List<string> VipSenders { get; set; } = [];
}

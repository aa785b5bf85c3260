namespace AutoReply.Service.Configuration;

/// A setting that cannot work, said in one line: the service refuses to start with it, and the verbs that use it
/// (check, ask, test) report it without a stack trace.
sealed class SettingsException(string message) : InvalidOperationException(message);

using System.Runtime.CompilerServices;
using AutoReply.Storage;

namespace AutoReply.Service.Tests.Harness;

/// Checks the service leaves off and the tests switch on, before any test runs.
static class Checks
{
    [ModuleInitializer]
    internal static void SwitchOn() => PreparedStatements.RefuseUntypedNulls = true;
}

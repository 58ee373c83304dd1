using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace S365.Windows
{
    /// <summary>
    /// The Windows Event Log. Registering a source needs an administrator (Register-S365SyncTask or
    /// the install does it once); writing does not, but needs the source registered: Write refuses
    /// an unregistered source instead of letting the write try to register it.
    ///   SourceExists   { source } -> { exists }
    ///   RegisterSource { source, log?: 'Application' } -> { registered: true if it was new }
    ///   Write          { source, eventId, level: 'information'|'warning'|'error', message } -> { written }
    /// Windows-only: elsewhere each throws PlatformNotSupportedException.
    /// </summary>
    public class EventLogWriter
    {
        public Task<object> SourceExists(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                Platform.RequireWindows("The Event Log");
                return new Dictionary<string, object> { { "exists", EventLog.SourceExists(Input.String(fields, "source")) } };
            });
        }

        public Task<object> RegisterSource(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                Platform.RequireWindows("The Event Log");
                var source = Input.String(fields, "source");
                var created = false;
                if (!EventLog.SourceExists(source))
                {
                    EventLog.CreateEventSource(new EventSourceCreationData(source, Input.OptionalString(fields, "log") ?? "Application"));
                    created = true;
                }
                return new Dictionary<string, object> { { "registered", created } };
            });
        }

        public Task<object> Write(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                Platform.RequireWindows("The Event Log");
                var source = Input.String(fields, "source");
                if (!EventLog.SourceExists(source)) throw new InvalidOperationException("event source '" + source + "' is not registered (an administrator registers it once)");
                var eventId = Input.Int(fields, "eventId", -1);
                if (eventId < 0 || eventId > 65535) throw new ArgumentException("'eventId' must be 0..65535");
                EventLog.WriteEntry(source, Input.String(fields, "message"), LevelOf(Input.OptionalString(fields, "level") ?? "information"), eventId);
                return new Dictionary<string, object> { { "written", true } };
            });
        }

        private static EventLogEntryType LevelOf(string level)
        {
            switch (level)
            {
                case "information": return EventLogEntryType.Information;
                case "warning": return EventLogEntryType.Warning;
                case "error": return EventLogEntryType.Error;
                default: throw new ArgumentException("'level' must be information, warning or error");
            }
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.DirectoryServices.Protocols;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace S365.Windows
{
    /// <summary>
    /// An LDAP session bound with Negotiate and no credential: the identity of the process (on
    /// Windows the computer account when run as SYSTEM, or a gMSA; on Linux the Kerberos ticket in
    /// KRB5CCNAME, through SASL GSSAPI). Only transport: opening, one search request (one page when
    /// paged), closing. Paging loops, ranged member reads, controls' meaning and failover stay in
    /// TypeScript, which drives this as it drives ldapts.
    ///
    /// Edge-js entry points (Func&lt;object, Task&lt;object&gt;&gt;), each taking one object:
    ///   Open   { server, port?, ssl?, timeoutSeconds? }  -> { session, identity }
    ///   Search { session, base, scope: 'base'|'one'|'sub', filter, attributes?, binaryAttributes?,
    ///            pageSize?, cookie?, sizeLimit?, timeLimitSeconds?, controls?: [{ oid, critical?, value? }] }
    ///          -> { entries: [{ dn, attributes: { name: [value] } }], cookie }
    ///   Close  { session } -> { closed }
    /// Binary values (binaryAttributes, cookies, control values) travel as base64.
    /// Errors are thrown as LdapBridgeException, whose message starts with "ldap(CODE): ".
    /// </summary>
    public class LdapSession
    {
        private static readonly ConcurrentDictionary<int, LdapConnection> Sessions = new ConcurrentDictionary<int, LdapConnection>();
        private static int _lastId;

        private const string WhoAmIOid = "1.3.6.1.4.1.4203.1.11.3";

        public Task<object> Open(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                var server = Input.String(fields, "server");
                var ssl = Input.Bool(fields, "ssl", false);
                var port = Input.Int(fields, "port", ssl ? 636 : 389);
                var timeout = TimeSpan.FromSeconds(Input.Int(fields, "timeoutSeconds", 30));

                var connection = new LdapConnection(new LdapDirectoryIdentifier(server, port, false, false), null, AuthType.Negotiate);
                try
                {
                    connection.Timeout = timeout;
                    connection.AutoBind = false;
                    connection.SessionOptions.ProtocolVersion = 3;
                    connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
                    if (ssl) connection.SessionOptions.SecureSocketLayer = true;
                    else if (Platform.IsWindows)
                    {
                        // Windows: Kerberos signing and sealing over plain LDAP (AD's channel
                        // integrity). On Linux GSSAPI negotiates its own security layer.
                        connection.SessionOptions.Signing = true;
                        connection.SessionOptions.Sealing = true;
                    }
                    connection.Bind();
                }
                catch (Exception error)
                {
                    connection.Dispose();
                    throw LdapBridgeException.From(error, "bind to " + server + ":" + port);
                }

                var id = Interlocked.Increment(ref _lastId);
                Sessions[id] = connection;
                return new Dictionary<string, object> { { "session", id }, { "identity", WhoAmI(connection) } };
            });
        }

        public Task<object> Search(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                var connection = SessionOf(fields);
                var baseDn = Input.String(fields, "base");
                var filter = Input.String(fields, "filter");
                var scope = ScopeOf(Input.OptionalString(fields, "scope") ?? "sub");
                var attributes = Input.Strings(fields, "attributes");
                var binary = new HashSet<string>(Input.Strings(fields, "binaryAttributes"), StringComparer.OrdinalIgnoreCase);
                var pageSize = Input.Int(fields, "pageSize", 0);

                var request = new SearchRequest(baseDn, filter, scope, attributes.Length == 0 ? null : attributes);
                request.SizeLimit = Input.Int(fields, "sizeLimit", 0);
                var timeLimit = Input.Int(fields, "timeLimitSeconds", 0);
                if (timeLimit > 0) request.TimeLimit = TimeSpan.FromSeconds(timeLimit);
                foreach (var control in ControlsOf(fields)) request.Controls.Add(control);
                if (pageSize > 0)
                {
                    var paging = new PageResultRequestControl(pageSize);
                    var cookie = Input.Base64(fields, "cookie");
                    if (cookie != null) paging.Cookie = cookie;
                    request.Controls.Add(paging);
                }

                SearchResponse response;
                try
                {
                    response = (SearchResponse)connection.SendRequest(request);
                }
                catch (Exception error)
                {
                    throw LdapBridgeException.From(error, "search " + baseDn);
                }

                var entries = new List<object>(response.Entries.Count);
                foreach (SearchResultEntry entry in response.Entries) entries.Add(EntryOf(entry, binary));
                string nextCookie = null;
                foreach (var control in response.Controls)
                {
                    var paged = control as PageResultResponseControl;
                    if (paged != null && paged.Cookie != null && paged.Cookie.Length > 0) nextCookie = Convert.ToBase64String(paged.Cookie);
                }
                return new Dictionary<string, object> { { "entries", entries.ToArray() }, { "cookie", nextCookie } };
            });
        }

        public Task<object> Close(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                LdapConnection connection;
                var closed = Sessions.TryRemove(Input.Int(fields, "session", 0), out connection);
                if (closed) connection.Dispose();
                return new Dictionary<string, object> { { "closed", closed } };
            });
        }

        private static LdapConnection SessionOf(IDictionary<string, object> fields)
        {
            LdapConnection connection;
            var id = Input.Int(fields, "session", 0);
            if (!Sessions.TryGetValue(id, out connection)) throw new ArgumentException("no open LDAP session " + id);
            return connection;
        }

        private static SearchScope ScopeOf(string scope)
        {
            switch (scope)
            {
                case "base": return SearchScope.Base;
                case "one": return SearchScope.OneLevel;
                case "sub": return SearchScope.Subtree;
                default: throw new ArgumentException("'scope' must be base, one or sub");
            }
        }

        private static IEnumerable<DirectoryControl> ControlsOf(IDictionary<string, object> fields)
        {
            object value;
            if (!fields.TryGetValue("controls", out value) || value == null) yield break;
            var items = value as object[];
            if (items == null) throw new ArgumentException("'controls' must be an array");
            foreach (var item in items)
            {
                var control = Input.Object(item);
                yield return new DirectoryControl(Input.String(control, "oid"), Input.Base64(control, "value"), Input.Bool(control, "critical", false), true);
            }
        }

        private static Dictionary<string, object> EntryOf(SearchResultEntry entry, HashSet<string> binary)
        {
            var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (string name in entry.Attributes.AttributeNames)
            {
                var attribute = entry.Attributes[name];
                // A ranged read comes back as "member;range=0-1499": binary-ness is of the base name.
                var semicolon = name.IndexOf(';');
                var baseName = semicolon < 0 ? name : name.Substring(0, semicolon);
                string[] values;
                if (binary.Contains(baseName))
                {
                    var raw = attribute.GetValues(typeof(byte[]));
                    values = new string[raw.Length];
                    for (var i = 0; i < raw.Length; i++) values[i] = Convert.ToBase64String((byte[])raw[i]);
                }
                else
                {
                    var text = attribute.GetValues(typeof(string));
                    values = new string[text.Length];
                    for (var i = 0; i < text.Length; i++) values[i] = (string)text[i];
                }
                attributes[name] = values;
            }
            return new Dictionary<string, object> { { "dn", entry.DistinguishedName }, { "attributes", attributes } };
        }

        /// <summary>The bound identity by the Who am I? extended operation (RFC 4532), or null.</summary>
        private static string WhoAmI(LdapConnection connection)
        {
            try
            {
                var response = (ExtendedResponse)connection.SendRequest(new ExtendedRequest(WhoAmIOid));
                return response.ResponseValue == null ? null : Encoding.UTF8.GetString(response.ResponseValue);
            }
            catch (DirectoryException)
            {
                return null;
            }
        }
    }

    /// <summary>An LDAP failure with the result code the TypeScript side maps to its errors.</summary>
    public class LdapBridgeException : Exception
    {
        public int ResultCode { get; private set; }
        public string ServerMessage { get; private set; }

        private LdapBridgeException(int code, string message, string serverMessage, Exception inner)
            : base("ldap(" + code + "): " + message, inner)
        {
            ResultCode = code;
            ServerMessage = serverMessage;
        }

        internal static LdapBridgeException From(Exception error, string what)
        {
            var operation = error as DirectoryOperationException;
            if (operation != null && operation.Response != null)
            {
                var code = (int)operation.Response.ResultCode;
                return new LdapBridgeException(code, what + ": " + operation.Message, operation.Response.ErrorMessage, error);
            }
            var ldap = error as LdapException;
            if (ldap != null) return new LdapBridgeException(ldap.ErrorCode, what + ": " + ldap.Message, ldap.ServerErrorMessage, error);
            // -1: not an LDAP result (a timeout, a bad argument, a missing native library).
            return new LdapBridgeException(-1, what + ": " + error.GetType().Name + ": " + error.Message, null, error);
        }
    }
}

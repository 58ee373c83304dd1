using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;

namespace S365.Windows
{
    /// <summary>
    /// Secrets at rest on Windows: DPAPI through ProtectedData, LocalMachine scope by default (any
    /// process of the machine can unseal, so the file's ACL is what keeps other users out; the
    /// entropy ties the blob to this product).
    ///   Protect   { data: base64, entropy: base64, scope?: 'machine'|'user' } -> { sealed: base64 }
    ///   Unprotect { sealed: base64, entropy: base64, scope?: 'machine'|'user' } -> { data: base64 }
    /// Windows-only: elsewhere both throw PlatformNotSupportedException.
    /// </summary>
    public class Dpapi
    {
        public Task<object> Protect(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                Platform.RequireWindows("DPAPI");
                var data = Required(fields, "data");
                var sealedData = ProtectedData.Protect(data, Required(fields, "entropy"), ScopeOf(fields));
                return new Dictionary<string, object> { { "sealed", Convert.ToBase64String(sealedData) } };
            });
        }

        public Task<object> Unprotect(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                Platform.RequireWindows("DPAPI");
                var data = ProtectedData.Unprotect(Required(fields, "sealed"), Required(fields, "entropy"), ScopeOf(fields));
                return new Dictionary<string, object> { { "data", Convert.ToBase64String(data) } };
            });
        }

        private static byte[] Required(IDictionary<string, object> fields, string name)
        {
            var bytes = Input.Base64(fields, name);
            if (bytes == null) throw new ArgumentException("'" + name + "' is required (base64)");
            return bytes;
        }

        private static DataProtectionScope ScopeOf(IDictionary<string, object> fields)
        {
            switch (Input.OptionalString(fields, "scope") ?? "machine")
            {
                case "machine": return DataProtectionScope.LocalMachine;
                case "user": return DataProtectionScope.CurrentUser;
                default: throw new ArgumentException("'scope' must be machine or user");
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Security.AccessControl;
using System.Security.Principal;
using System.Threading.Tasks;

namespace S365.Windows
{
    /// <summary>
    /// The config directory's ACL on Windows: SYSTEM and Administrators (well-known SIDs, so the
    /// localised group name does not matter), full control, inherited by every file and folder in it,
    /// and nothing inherited from the parent (ProgramData lets local users read).
    ///   Restrict { path } -> { restricted }   creates the folder if needed; idempotent
    ///   Describe { path } -> { protected, rules: [{ sid, rights, allow, inherited }] }
    /// Windows-only: elsewhere both throw PlatformNotSupportedException.
    /// </summary>
    public class ConfigDirAcl
    {
        private static readonly WellKnownSidType[] Admitted = { WellKnownSidType.LocalSystemSid, WellKnownSidType.BuiltinAdministratorsSid };

        public Task<object> Restrict(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                Platform.RequireWindows("Folder ACLs");
                var dir = new DirectoryInfo(Input.String(fields, "path"));
                if (!dir.Exists) dir.Create();
                var security = new DirectorySecurity();
                // Protected: the parent's entries are neither inherited nor copied.
                security.SetAccessRuleProtection(true, false);
                foreach (var type in Admitted)
                {
                    security.AddAccessRule(new FileSystemAccessRule(new SecurityIdentifier(type, null), FileSystemRights.FullControl,
                        InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit, PropagationFlags.None, AccessControlType.Allow));
                }
                // Windows propagates the inheritable entries to what the folder already holds.
                dir.SetAccessControl(security);
                return new Dictionary<string, object> { { "restricted", true } };
            });
        }

        public Task<object> Describe(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                Platform.RequireWindows("Folder ACLs");
                var security = new DirectoryInfo(Input.String(fields, "path")).GetAccessControl();
                var rules = new List<object>();
                foreach (FileSystemAccessRule rule in security.GetAccessRules(true, true, typeof(SecurityIdentifier)))
                {
                    rules.Add(new Dictionary<string, object>
                    {
                        { "sid", rule.IdentityReference.Value },
                        { "rights", rule.FileSystemRights.ToString() },
                        { "allow", rule.AccessControlType == AccessControlType.Allow },
                        { "inherited", rule.IsInherited },
                    });
                }
                return new Dictionary<string, object> { { "protected", security.AreAccessRulesProtected }, { "rules", rules.ToArray() } };
            });
        }
    }
}

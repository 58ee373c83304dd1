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
    ///   Restrict { path, admit? } -> { restricted }   creates the folder if needed; idempotent.
    ///     admit: SIDs let in beside them with modify rights (the scheduled task's service account,
    ///     a gMSA: it reads its secrets and writes its state, and may not change the ACL); only
    ///     account SIDs of a domain or of the machine (S-1-5-21-...), never a well-known group.
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
                foreach (var sid in Admit(fields))
                {
                    security.AddAccessRule(new FileSystemAccessRule(sid, FileSystemRights.Modify | FileSystemRights.Synchronize,
                        InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit, PropagationFlags.None, AccessControlType.Allow));
                }
                // Windows propagates the inheritable entries to what the folder already holds.
                dir.SetAccessControl(security);
                return new Dictionary<string, object> { { "restricted", true } };
            });
        }

        private static IEnumerable<SecurityIdentifier> Admit(IDictionary<string, object> fields)
        {
            var sids = new List<SecurityIdentifier>();
            foreach (var value in Input.Strings(fields, "admit"))
            {
                var sid = new SecurityIdentifier(value);
                // The agent checks this too; here so that no caller can open the folder to a group.
                if (!sid.IsAccountSid() || sid.IsWellKnown(WellKnownSidType.AccountDomainUsersSid) || sid.IsWellKnown(WellKnownSidType.AccountComputersSid))
                    throw new ArgumentException("admit takes the SID of one account (S-1-5-21-...), not " + value);
                sids.Add(sid);
            }
            return sids;
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

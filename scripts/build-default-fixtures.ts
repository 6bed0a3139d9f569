/**
 * Builds fixtures/default/eset.json: the hand-written incidents below (titles, descriptions,
 * severities, statuses, tags, hosts and analyst notes) get their uuids, times, durations and
 * counts from a seeded PRNG, so the file is curated where a reader looks and reproducible where
 * nobody wants to type timestamps. Re-run after editing a story:
 *
 *   npx tsx scripts/build-default-fixtures.ts
 *
 * Deterministic: the same script writes the same bytes on every machine.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INCIDENT_STATUSES, RESOLVE_REASONS, SEVERITY_LEVELS, STATUS, enumNumber } from '../src/apis/eset/enums.js';
import type { CommentRecord, IncidentRecord } from '../src/apis/eset/record.js';
import { formatEsetFixture, parseEsetFixture } from '../src/apis/eset/fixture.js';
import { DEFAULT_ESET_USERS, planIncidentTimeline } from '../src/apis/eset/generator.js';
import { createRandom } from '../src/util/random.js';

type Person = 'emulator' | 'analyst' | 'lead';
type Severity = 'UNSPECIFIED' | 'LOW' | 'MEDIUM' | 'HIGH';
type Status = 'UNSPECIFIED' | 'OPEN' | 'IN_PROGRESS' | 'WAITING_FOR_INPUT' | 'CLOSED';
type Reason = 'TRUE_POSITIVE' | 'FALSE_POSITIVE' | 'SUSPICIOUS';

interface Story {
  title: string;
  description: string;
  severity: Severity;
  status: Status;
  /** Who owns it; left out only while OPEN (ESET: the assignee may be empty only when Open). */
  owner?: Person;
  tags?: string[];
  /** Named devices, the first one being the one the title names. */
  hosts: string[];
  /** More devices of the fleet involved, beyond the named ones. */
  moreDevices?: number;
  notes?: [Person, string][];
  /** CLOSED only: the resolve reason and the final comment, written by the owner. */
  closed?: [Reason, string];
  /** Raised by the same detection run as the story before it: identical createTime. */
  sameTimeAsPrevious?: boolean;
}

const PEOPLE: Record<Person, string> = {
  emulator: DEFAULT_ESET_USERS[0]!.uuid,
  analyst: DEFAULT_ESET_USERS[1]!.uuid,
  lead: DEFAULT_ESET_USERS[2]!.uuid,
};

const FLEET = [
  'FIN-LAPTOP-042', 'FIN-LAPTOP-017', 'FIN-WS-003', 'HR-LAPTOP-007', 'HR-LAPTOP-011', 'ENG-WS-118', 'ENG-LAPTOP-204',
  'ENG-LAPTOP-233', 'SALES-LAPTOP-051', 'SALES-LAPTOP-066', 'MKT-LAPTOP-019', 'OPS-WS-002', 'LEGAL-LAPTOP-005', 'IT-WS-001',
  'IT-LAPTOP-009', 'EXEC-LAPTOP-001', 'RND-WS-077', 'SUP-LAPTOP-030', 'DC-01', 'DC-02', 'FS-01', 'FS-02', 'SQL-PROD-01',
  'SQL-PROD-02', 'EXCH-01', 'WEB-DMZ-01', 'WEB-DMZ-02', 'JUMP-01', 'BUILD-01', 'BUILD-02', 'CITRIX-01', 'CITRIX-02',
  'BACKUP-01', 'APP-ERP-01', 'VPN-GW-01', 'PRINT-01', 'SCCM-01',
];

// In the order they were raised, 2026-05-01 .. 2026-11-14.
const STORIES: Story[] = [
  {
    title: 'Ransomware activity on FIN-LAPTOP-042',
    description: 'Mass renames to the .lockbit extension and high-entropy writes on FIN-LAPTOP-042 and the finance share. The process was terminated by the endpoint product.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['ransomware', 'vip'], hosts: ['FIN-LAPTOP-042', 'FS-01'],
    notes: [
      ['analyst', 'Isolated FIN-LAPTOP-042 from the network; encryption stopped after 214 files on \\\\FS-01\\finance.'],
      ['lead', 'Restored the affected folder from last night\'s snapshot. No other hosts touched.'],
    ],
    closed: ['TRUE_POSITIVE', 'True positive. Initial access was a malicious invoice attachment; the laptop was reimaged and the user\'s credentials reset.'],
  },
  {
    title: 'Suspicious PowerShell download cradle',
    description: 'powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString(...)" started by a scheduled task on IT-WS-001.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['powershell', 'false-positive-candidate'], hosts: ['IT-WS-001'],
    closed: ['FALSE_POSITIVE', 'False positive: the IT deployment script downloads the monitoring agent this way. Added an exclusion for the signed script.'],
  },
  {
    title: 'Credential dumping via LSASS access',
    description: 'procdump64.exe opened lsass.exe with full access on SQL-PROD-01 and wrote a minidump to C:\\Windows\\Temp.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['credential-access', 'win_server'], hosts: ['SQL-PROD-01'],
    notes: [['analyst', 'Run by svc_sql, which should never log on interactively. Escalating.']],
    closed: ['TRUE_POSITIVE', 'Confirmed. svc_sql password rotated, the dump deleted, and interactive logon denied to service accounts by GPO.'],
  },
  {
    title: 'Phishing email with malicious attachment opened',
    description: 'A user opened "Invoice_0519.docm" from an external sender; the macro tried to start wscript.exe.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['phishing', 'user-reported'], hosts: ['HR-LAPTOP-007'],
    notes: [['emulator', 'Reported by the user through the phishing button about ten minutes after opening it.']],
    closed: ['TRUE_POSITIVE', 'The macro was blocked before it fetched the second stage. The same message was purged from 37 mailboxes.'],
  },
  {
    title: 'Potentially unwanted application installed on SALES-LAPTOP-051',
    description: 'A PDF toolkit flagged as potentially unwanted was installed by the user.',
    severity: 'LOW', status: 'CLOSED', owner: 'analyst', tags: ['pua'], hosts: ['SALES-LAPTOP-051'],
    closed: ['FALSE_POSITIVE', 'The flagged tool is the approved PDF editor from the software catalogue. Not a threat.'],
  },
  {
    title: 'Brute-force logon attempts against VPN-GW-01',
    description: 'Over a thousand failed VPN logons from a single address within half an hour, outside business hours.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'lead', tags: ['brute-force', 'after-hours'], hosts: ['VPN-GW-01'],
    notes: [['analyst', '1,240 failed logons from 203.0.113.77 between 02:10 and 02:40 UTC; no successful logon.']],
    closed: ['SUSPICIOUS', 'No account was compromised. Source blocked at the edge; watching for the same pattern from other addresses.'],
  },
  {
    title: 'Cryptocurrency miner on BUILD-01',
    description: 'A node process spawned by a build job connected to a mining pool and kept all cores busy.',
    severity: 'LOW', status: 'CLOSED', owner: 'analyst', tags: ['cryptominer', '100%-cpu', 'win_server'], hosts: ['BUILD-01'],
    closed: ['TRUE_POSITIVE', 'A compromised npm package bundled a miner. Dependency pinned to the previous version and the agent cache wiped.'],
  },
  {
    title: 'Suspicious PowerShell download cradle on HR-LAPTOP-011',
    description: 'WINWORD.EXE started PowerShell with an encoded command that downloads a script from 198.51.100.23.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['powershell', 'phishing'], hosts: ['HR-LAPTOP-011'],
    notes: [
      ['analyst', 'Parent process is WINWORD.EXE, so this came from a document.'],
      ['lead', 'Same sender as the phishing wave earlier this month.'],
    ],
    closed: ['TRUE_POSITIVE', 'Blocked before the payload ran. Sender domain added to the mail gateway block list.'],
  },
  {
    title: 'Lateral movement via PsExec from IT-LAPTOP-009',
    description: 'PsExec services were created on three servers within two minutes using a domain admin account.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['lateral-movement', 'needs-review'], hosts: ['IT-LAPTOP-009', 'FS-01', 'FS-02', 'PRINT-01'],
    notes: [
      ['analyst', 'Three servers in two minutes with the same admin account. Looks hands-on-keyboard.'],
      ['lead', 'Checked with IT: this was the monthly patch run done by hand because SCCM was down.'],
    ],
    closed: ['FALSE_POSITIVE', 'False positive: planned maintenance by IT. Asked them to announce manual runs in the change calendar.'],
  },
  {
    title: 'Web shell detected on WEB-DMZ-01',
    description: 'A new upload.aspx appeared in the web root of the customer portal and w3wp.exe started cmd.exe shortly after.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['webshell', 'win_server', 'vip'], hosts: ['WEB-DMZ-01'],
    notes: [
      ['analyst', 'The file was written by w3wp.exe; requests came from 198.51.100.23.'],
      ['lead', 'Customer portal taken offline while we clean it up.'],
      ['emulator', 'Vendor confirmed the plugin vulnerability; a patch has been available since April.'],
    ],
    closed: ['TRUE_POSITIVE', 'Web shell removed, plugin patched, server rebuilt from the golden image. No sign of data access in the database logs.'],
  },
  {
    title: 'Trojan detected in downloads folder on MKT-LAPTOP-019',
    description: 'A font pack downloaded from a file-sharing site contained a trojan dropper; it was quarantined before execution.',
    severity: 'LOW', status: 'CLOSED', owner: 'emulator', hosts: ['MKT-LAPTOP-019'],
    closed: ['TRUE_POSITIVE', 'Quarantined before execution. User reminded to download fonts only from the approved site.'],
  },
  {
    title: 'Event log cleared on DC-02',
    description: 'The Security event log of DC-02 was cleared by the administrator account at 23:55 local time.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['needs-review', 'win_server'], hosts: ['DC-02'],
    notes: [['analyst', 'No change ticket for this. Pulled the forwarded copy of the log from the SIEM.']],
    closed: ['SUSPICIOUS', 'The administrator says a cleanup script was run by mistake. We could not prove otherwise; admin activity is now reviewed weekly.'],
  },
  {
    title: 'Malware blocked on removable media on OPS-WS-002',
    description: 'The endpoint product blocked a known worm on a USB drive attached to OPS-WS-002.',
    severity: 'LOW', status: 'CLOSED', owner: 'analyst', tags: ['usb'], hosts: ['OPS-WS-002'],
    closed: ['TRUE_POSITIVE', 'Infected USB stick from a supplier. Blocked automatically; the supplier was informed.'],
  },
  {
    title: 'Phishing link clicked by j.novak',
    description: 'j.novak followed a link to a Microsoft 365 look-alike login page hosted at 203.0.113.90 and entered a password.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['phishing', 'credential-access'], hosts: [],
    notes: [['analyst', 'Sign-in logs show an attempt from abroad 4 minutes later, stopped by MFA.']],
    closed: ['TRUE_POSITIVE', 'Password reset and sessions revoked within 20 minutes. MFA prevented the attacker\'s sign-in.'],
  },
  {
    title: 'Credential dumping via LSASS access on JUMP-01',
    description: 'A renamed copy of mimikatz read LSASS memory on JUMP-01, then a logon with the dumped credentials reached DC-01.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['credential-access', 'lateral-movement', 'win_server'], hosts: ['JUMP-01', 'DC-01'],
    notes: [
      ['lead', 'Treating this as an active intrusion. All privileged passwords are being rotated.'],
      ['analyst', 'The tool was copied over RDP from a contractor laptop that is not managed by us.'],
    ],
    closed: ['TRUE_POSITIVE', 'Contractor access revoked, krbtgt reset twice, jump host rebuilt. Report sent to management.'],
  },
  {
    title: 'Lateral movement via WMI to 12 hosts',
    description: 'WMI process creation from ENG-WS-118 reached twelve devices within six minutes using the account a.schmidt.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['lateral-movement', 'ransomware', 'vip'], hosts: ['ENG-WS-118'], moreDevices: 11,
    notes: [
      ['analyst', 'Same command line on every target: a PowerShell stager. Isolating all twelve devices.'],
      ['lead', 'Ransomware affiliate playbook. Engineering network segment blocked at the core switch.'],
      ['emulator', 'All twelve devices reimaged; the stager never reached the file servers.'],
    ],
    closed: ['TRUE_POSITIVE', 'Contained before encryption. Root cause: a reused password on an exposed RDP endpoint, now closed.'],
  },
  {
    title: 'Suspicious Run key added on LEGAL-LAPTOP-005',
    description: 'An autostart entry pointing to an unsigned binary in AppData was added on LEGAL-LAPTOP-005.',
    severity: 'LOW', status: 'CLOSED', owner: 'analyst', tags: ['false-positive-candidate'], hosts: ['LEGAL-LAPTOP-005'],
    closed: ['FALSE_POSITIVE', 'The binary is the updater of the dictation software used by the legal team.'],
  },
  {
    title: 'Large outbound transfer to 198.51.100.140',
    description: 'About 14 GB left FS-02 towards 198.51.100.140 over HTTPS during the night.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'lead', tags: ['exfiltration', 'dlp'], hosts: ['FS-02'],
    notes: [['analyst', 'The destination belongs to a hosting provider, not to any of our vendors.']],
    closed: ['SUSPICIOUS', 'A project manager synced files to a personal backup service. HR informed; no malicious intent found.'],
  },
  {
    title: 'Legacy alert imported without classification',
    description: 'Imported from the previous console during the migration; the original alert type and status were not preserved.',
    severity: 'UNSPECIFIED', status: 'UNSPECIFIED', owner: 'emulator', tags: ['needs-review'], hosts: ['PRINT-01'],
    notes: [['emulator', 'Kept for reference; the old console has been decommissioned.']],
  },
  {
    title: 'Cryptocurrency miner on CITRIX-02',
    description: 'A process named "svchosts.exe" connected to a mining pool from CITRIX-02 and used most of the CPU.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['cryptominer', '100%-cpu', 'win_server'], hosts: ['CITRIX-02'],
    notes: [['analyst', 'Users complained about slow sessions for two days before the detection.']],
    closed: ['TRUE_POSITIVE', 'Miner removed; it came in through a published app with a writable install folder, now locked down.'],
  },
  {
    title: 'Ransomware activity on SALES-LAPTOP-066',
    description: 'Rapid rewriting of many documents on SALES-LAPTOP-066 matched the ransomware behaviour rule.',
    severity: 'HIGH', status: 'CLOSED', owner: 'analyst', tags: ['ransomware', 'false-positive-candidate'], hosts: ['SALES-LAPTOP-066'],
    notes: [['analyst', 'The writing process is the backup client compressing its local cache.']],
    closed: ['FALSE_POSITIVE', 'Benign: the backup client\'s first full run. The rule threshold was tuned for this client.'],
  },
  {
    title: 'Encoded PowerShell command executed on ENG-LAPTOP-204',
    description: 'powershell.exe ran a base64-encoded command from a Visual Studio Code terminal on ENG-LAPTOP-204.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['powershell'], hosts: ['ENG-LAPTOP-204'],
    closed: ['FALSE_POSITIVE', 'A developer testing an install script. Reminded them of the scripting guidelines.'],
  },
  {
    title: 'Microsoft Defender disabled via registry on RND-WS-077',
    description: 'DisableAntiSpyware was set in the registry of RND-WS-077 by a process started from a user\'s Downloads folder.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'lead', tags: ['needs-review'], hosts: ['RND-WS-077'],
    notes: [
      ['analyst', 'The tool is a "game booster" the user downloaded.'],
      ['lead', 'Not malware as such, but it weakens the device. Removing it.'],
    ],
    closed: ['SUSPICIOUS', 'Tool removed and settings restored. Nothing else found on the device.'],
  },
  {
    title: 'Network discovery with AdFind from SUP-LAPTOP-030',
    description: 'AdFind queried all domain computers, trusts and admin groups from SUP-LAPTOP-030.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'lead', tags: ['discovery', 'lateral-movement'], hosts: ['SUP-LAPTOP-030'],
    notes: [['analyst', 'The support team has no reason to run AdFind. The binary was dropped by a fake remote support tool.']],
    closed: ['TRUE_POSITIVE', 'Caught during reconnaissance. Device reimaged and the fake support site blocked.'],
  },
  {
    title: 'Remote access tool AnyDesk installed on FIN-WS-003',
    description: 'AnyDesk was installed on FIN-WS-003 without a change request.',
    severity: 'LOW', status: 'CLOSED', owner: 'analyst', tags: ['pua', 'vip'], hosts: ['FIN-WS-003'],
    closed: ['FALSE_POSITIVE', 'Installed by the bank\'s support for a payment terminal issue; removed after the session.'],
  },
  {
    title: 'Phishing email with malicious attachment opened',
    description: 'An ISO attachment was mounted and a shortcut inside it started rundll32.exe.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['phishing'], hosts: ['SALES-LAPTOP-051'],
    notes: [['analyst', 'rundll32 was blocked by the exploit blocker; no network connection was made.']],
    closed: ['TRUE_POSITIVE', 'Blocked at execution. ISO attachments are now stripped at the mail gateway.'],
  },
  {
    title: 'Brute-force logon attempts against EXCH-01',
    description: 'Repeated failed logons for one mailbox against EXCH-01, every few seconds for hours.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'emulator', tags: ['brute-force'], hosts: ['EXCH-01'],
    closed: ['FALSE_POSITIVE', 'An old phone kept trying a changed password. The user removed the account from the phone.'],
  },
  {
    title: 'Suspicious child process of w3wp.exe on WEB-DMZ-02',
    description: 'The IIS worker process on WEB-DMZ-02 started whoami.exe and net.exe.',
    severity: 'HIGH', status: 'IN_PROGRESS', owner: 'lead', tags: ['webshell', 'win_server'], hosts: ['WEB-DMZ-02'],
    notes: [
      ['analyst', 'Same plugin as on WEB-DMZ-01 in May, but this server was patched. Checking for a new vulnerability.'],
      ['lead', 'Vendor contacted; server kept online behind a stricter WAF rule meanwhile.'],
    ],
  },
  {
    title: 'Credential dumping via LSASS access',
    description: 'comsvcs.dll MiniDump was called through rundll32 against lsass.exe on CITRIX-01.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['credential-access', 'win_server', 'vip'], hosts: ['CITRIX-01'],
    notes: [['analyst', 'A published app session was used; the user account is e.kowalska from finance.']],
    closed: ['TRUE_POSITIVE', 'The session came from a stolen token. Sessions revoked, user passwords reset on the whole farm.'],
  },
  {
    title: 'Suspicious PowerShell download cradle',
    description: 'A PowerShell one-liner downloaded a script from a raw code-hosting URL on ENG-LAPTOP-233.',
    severity: 'LOW', status: 'CLOSED', owner: 'emulator', tags: ['powershell', 'false-positive-candidate'], hosts: ['ENG-LAPTOP-233'],
    closed: ['FALSE_POSITIVE', 'The developer installed a package manager with its documented install command.'],
  },
  {
    title: 'Possible data exfiltration via cloud storage from APP-ERP-01',
    description: 'Rclone synchronised about 18 GB from the ERP export folder on APP-ERP-01 to an external storage bucket.',
    severity: 'HIGH', status: 'WAITING_FOR_INPUT', owner: 'lead', tags: ['exfiltration', 'dlp', 'vip'], hosts: ['APP-ERP-01'],
    notes: [
      ['lead', 'The bucket is not in our cloud inventory.'],
      ['analyst', 'Asked the ERP owner whether the migration project uses this bucket; waiting for their answer.'],
    ],
  },
  {
    title: 'New scheduled task persistence on HR-LAPTOP-007',
    description: 'A scheduled task running a script from the user profile every 15 minutes was created on HR-LAPTOP-007.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['persistence'], hosts: ['HR-LAPTOP-007'],
    notes: [['analyst', 'The script beacons to 203.0.113.14. Second infection of this laptop since May.']],
    closed: ['TRUE_POSITIVE', 'Task and script removed, laptop reimaged. The user gets phishing training again.'],
  },
  {
    title: 'Phishing link clicked by e.kowalska',
    description: 'e.kowalska opened a link to a parcel-tracking page that asked for card details.',
    severity: 'LOW', status: 'CLOSED', owner: 'emulator', tags: ['phishing', 'user-reported'], hosts: [],
    closed: ['SUSPICIOUS', 'The user did not enter any data. Page reported to the hosting provider.'],
  },
  {
    title: 'Ransom note dropped on FS-02',
    description: 'README_RESTORE.txt appeared in 40 folders of FS-02; files in those folders were renamed to .crypt.',
    severity: 'HIGH', status: 'IN_PROGRESS', owner: 'lead', tags: ['ransomware', 'win_server', 'vip'], hosts: ['FS-02', 'ENG-WS-118', 'RND-WS-077'],
    notes: [
      ['analyst', 'Encryption came over SMB from RND-WS-077; that workstation is isolated.'],
      ['lead', 'Restore from the immutable backup is running; ETA four hours.'],
      ['emulator', 'Management and legal informed, as the runbook asks for ransomware on file servers.'],
      ['analyst', 'ENG-WS-118 also shows the dropper but no encryption; reimaging it as well.'],
    ],
  },
  {
    title: 'Security product tampering attempt on EXEC-LAPTOP-001',
    description: 'An attempt to stop the endpoint protection service on the CEO\'s laptop was blocked by self-defense.',
    severity: 'HIGH', status: 'WAITING_FOR_INPUT', owner: 'analyst', tags: ['vip', 'needs-review'], hosts: ['EXEC-LAPTOP-001'],
    notes: [['analyst', 'Waiting for the executive assistant to confirm whether a local IT contractor worked on the laptop.']],
  },
  {
    title: 'Browser hijacker detected on MKT-LAPTOP-019',
    description: 'A browser extension changed the default search engine on MKT-LAPTOP-019.',
    severity: 'LOW', status: 'OPEN', hosts: ['MKT-LAPTOP-019'],
  },
  {
    title: 'Coinminer process consuming CPU on SQL-PROD-02',
    description: 'A process started by the SQL Server agent ran at full CPU and connected to 192.0.2.44 on a mining port.',
    severity: 'MEDIUM', status: 'IN_PROGRESS', owner: 'analyst', tags: ['cryptominer', '100%-cpu', 'win_server'], hosts: ['SQL-PROD-02'],
    notes: [['analyst', 'An agent job added last week runs the miner. Looking for who created it.']],
  },
  {
    title: 'Unusual LDAP enumeration from ENG-LAPTOP-204',
    description: 'A burst of LDAP queries for privileged groups came from ENG-LAPTOP-204.',
    severity: 'MEDIUM', status: 'WAITING_FOR_INPUT', owner: 'analyst', tags: ['discovery'], hosts: ['ENG-LAPTOP-204'],
    notes: [['analyst', 'Asked the developer whether this is the new group-sync tool they are building.']],
  },
  {
    title: 'Macro-enabled document spawned a shell on FIN-LAPTOP-017',
    description: 'EXCEL.EXE started cmd.exe, which ran certutil to download a file from 198.51.100.61.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['phishing', 'vip'], hosts: ['FIN-LAPTOP-017'],
    notes: [
      ['analyst', 'certutil fetched a DLL; the endpoint product blocked its load.'],
      ['lead', 'Same template as the May invoice wave. Checking who else received it.'],
    ],
    closed: ['TRUE_POSITIVE', 'Blocked at the second stage. Eleven more recipients found; none opened it.'],
  },
  {
    title: 'Lateral movement via PsExec from JUMP-01',
    description: 'PsExec from JUMP-01 created services on four servers with an account that had not logged on in months.',
    severity: 'HIGH', status: 'IN_PROGRESS', owner: 'lead', tags: ['lateral-movement', 'win_server'],
    hosts: ['JUMP-01', 'SQL-PROD-01', 'SQL-PROD-02', 'APP-ERP-01', 'BACKUP-01'],
    notes: [
      ['lead', 'The dormant account belongs to a former admin. Disabled it.'],
      ['analyst', 'Collected memory images from JUMP-01 and BACKUP-01 for analysis.'],
    ],
  },
  {
    title: 'Password spraying from 203.0.113.45',
    description: 'Failed logons for 300 accounts from 203.0.113.45 through the VPN portal, one success for k.larsen.',
    severity: 'MEDIUM', status: 'CLOSED', owner: 'analyst', tags: ['brute-force', 'credential-access'], hosts: ['VPN-GW-01', 'DC-01'],
    closed: ['TRUE_POSITIVE', 'k.larsen had a weak password. Reset, MFA enforced for the VPN portal, source blocked.'],
  },
  {
    title: 'Suspicious PowerShell download cradle on FIN-LAPTOP-042',
    description: 'PowerShell downloaded a script from a paste site on FIN-LAPTOP-042, the same laptop as the May ransomware case.',
    severity: 'HIGH', status: 'IN_PROGRESS', owner: 'lead', tags: ['powershell', 'vip'], hosts: ['FIN-LAPTOP-042'],
    notes: [['lead', 'Checking whether the reimage in May missed something or this is a new infection.']],
  },
  {
    title: 'WMI event subscription persistence on CITRIX-01',
    description: 'A permanent WMI event consumer running an encoded PowerShell command was registered on CITRIX-01.',
    severity: 'HIGH', status: 'WAITING_FOR_INPUT', owner: 'lead', tags: ['persistence', 'win_server'], hosts: ['CITRIX-01'],
    notes: [['lead', 'Waiting for the Citrix vendor to confirm whether their monitoring pack registers this consumer.']],
  },
  {
    title: 'Malware blocked on removable media on SALES-LAPTOP-066',
    description: 'An autorun worm on a conference giveaway USB stick was blocked on SALES-LAPTOP-066.',
    severity: 'LOW', status: 'CLOSED', owner: 'emulator', tags: ['usb'], hosts: ['SALES-LAPTOP-066'],
    closed: ['TRUE_POSITIVE', 'Blocked automatically. The stick was destroyed.'],
  },
  {
    title: 'Credential dumping via LSASS access on DC-01',
    description: 'A handle to lsass.exe with read access was opened on DC-01 by an unsigned binary in C:\\PerfLogs.',
    severity: 'HIGH', status: 'IN_PROGRESS', owner: 'lead', tags: ['credential-access', 'win_server', 'vip'], hosts: ['DC-01'],
    notes: [
      ['analyst', 'The binary was copied from BACKUP-01 over SMB an hour earlier.'],
      ['lead', 'Linked to the PsExec case from JUMP-01. Handling both together.'],
    ],
  },
  {
    title: 'Phishing email with malicious attachment opened',
    description: 'A OneNote attachment with an embedded script was opened; the script was blocked.',
    severity: 'MEDIUM', status: 'IN_PROGRESS', owner: 'analyst', tags: ['phishing', 'user-reported'], hosts: ['LEGAL-LAPTOP-005'],
  },
  {
    title: 'Remote service creation on BACKUP-01',
    description: 'A service with a random name was created remotely on BACKUP-01 and deleted after one run.',
    severity: 'MEDIUM', status: 'WAITING_FOR_INPUT', owner: 'emulator', tags: ['lateral-movement', 'needs-review'], hosts: ['BACKUP-01'],
    notes: [['emulator', 'Waiting for the backup vendor to say whether their agent update does this.']],
  },
  {
    title: 'Trojan detected in downloads folder on SUP-LAPTOP-030',
    description: 'A remote-support client in the Downloads folder of SUP-LAPTOP-030 was detected as a trojan.',
    severity: 'LOW', status: 'CLOSED', owner: 'analyst', tags: ['false-positive-candidate'], hosts: ['SUP-LAPTOP-030'],
    closed: ['FALSE_POSITIVE', 'Detection fixed by the vendor in the next update; the file is the genuine signed client.'],
  },
  {
    title: 'Large outbound transfer to 203.0.113.200',
    description: 'About 6 GB were uploaded from SCCM-01 to 203.0.113.200 at night.',
    severity: 'MEDIUM', status: 'IN_PROGRESS', owner: 'analyst', tags: ['exfiltration', 'after-hours'], hosts: ['SCCM-01'],
    notes: [['analyst', 'Could be the new cloud distribution point. Comparing with the change calendar.']],
  },
  {
    title: 'Ransomware activity on ENG-LAPTOP-233',
    description: 'File encryption behaviour on ENG-LAPTOP-233 was stopped by the ransomware shield after 12 files.',
    severity: 'HIGH', status: 'CLOSED', owner: 'lead', tags: ['ransomware'], hosts: ['ENG-LAPTOP-233'],
    notes: [['analyst', 'The payload came from a cracked IDE plugin.']],
    closed: ['TRUE_POSITIVE', 'Twelve files restored from OneDrive versions; laptop reimaged.'],
  },
  {
    title: 'Cryptocurrency miner on BUILD-02',
    description: 'A container on BUILD-02 ran a miner pulled from an unofficial image.',
    severity: 'LOW', status: 'IN_PROGRESS', owner: 'analyst', tags: ['cryptominer', '100%-cpu'], hosts: ['BUILD-02'],
  },
  {
    title: 'Potentially unwanted application installed on HR-LAPTOP-011',
    description: 'A coupon browser extension bundled with a free PDF converter was installed on HR-LAPTOP-011.',
    severity: 'LOW', status: 'OPEN', tags: ['pua'], hosts: ['HR-LAPTOP-011'],
  },
  {
    title: 'Suspicious PowerShell download cradle',
    description: 'PowerShell with -ExecutionPolicy Bypass downloaded a script on OPS-WS-002, started from a scheduled task.',
    severity: 'MEDIUM', status: 'OPEN', tags: ['powershell', 'needs-review'], hosts: ['OPS-WS-002'], sameTimeAsPrevious: true,
  },
  {
    title: 'Brute-force logon attempts against JUMP-01',
    description: 'Failed RDP logons against JUMP-01 from an internal address, then one success for helpdesk01.',
    severity: 'MEDIUM', status: 'WAITING_FOR_INPUT', owner: 'analyst', tags: ['brute-force', 'rdp', 'win_server'], hosts: ['JUMP-01', 'SUP-LAPTOP-030'],
    notes: [
      ['analyst', 'Source is SUP-LAPTOP-030.'],
      ['analyst', 'Waiting for the support team lead to confirm who uses helpdesk01.'],
    ],
  },
  {
    title: 'Event log cleared on FS-01',
    description: 'The System log of FS-01 was cleared during a maintenance window.',
    severity: 'MEDIUM', status: 'IN_PROGRESS', owner: 'emulator', tags: ['win_server'], hosts: ['FS-01'],
  },
  {
    title: 'Phishing link clicked by t.nguyen',
    description: 't.nguyen opened a shared-document link that leads to a login page hosted at 192.0.2.80.',
    severity: 'LOW', status: 'OPEN', tags: ['phishing', 'user-reported'], hosts: [],
  },
  {
    title: 'Credential dumping via LSASS access',
    description: 'An unknown process read LSASS memory on ENG-WS-118, one of the devices of the WMI case in June.',
    severity: 'HIGH', status: 'OPEN', owner: 'lead', tags: ['credential-access'], hosts: ['ENG-WS-118'],
    notes: [['lead', 'Mine. Pulling the process tree first.']],
  },
  {
    title: 'Web shell detected on WEB-DMZ-02',
    description: 'A second .aspx file with command execution was found on WEB-DMZ-02.',
    severity: 'HIGH', status: 'IN_PROGRESS', owner: 'lead', tags: ['webshell', 'win_server', 'vip'], hosts: ['WEB-DMZ-02'],
    notes: [['lead', 'Confirms the w3wp.exe case from July. Server is going offline now.']],
  },
  {
    title: 'New scheduled task persistence on LEGAL-LAPTOP-005',
    description: 'A scheduled task named "GoogleUpdateTaskMachineQC" points to a script in ProgramData.',
    severity: 'MEDIUM', status: 'OPEN', tags: ['persistence'], hosts: ['LEGAL-LAPTOP-005'],
  },
  {
    title: 'Network discovery with AdFind from IT-WS-001',
    description: 'AdFind enumerated domain computers from IT-WS-001.',
    severity: 'LOW', status: 'OPEN', tags: ['discovery', 'false-positive-candidate'], hosts: ['IT-WS-001'],
    notes: [['analyst', 'Possibly the quarterly Active Directory audit; needs someone to check with IT.']],
  },
  {
    title: 'Lateral movement via WMI to 4 hosts',
    description: 'WMI process creation from SALES-LAPTOP-066 reached four devices of the sales team.',
    severity: 'HIGH', status: 'OPEN', tags: ['lateral-movement'], hosts: ['SALES-LAPTOP-066', 'SALES-LAPTOP-051'], moreDevices: 2,
  },
  {
    title: 'Microsoft Defender disabled via registry on SALES-LAPTOP-051',
    description: 'Real-time protection was switched off through the registry on SALES-LAPTOP-051.',
    severity: 'MEDIUM', status: 'OPEN', owner: 'analyst', tags: ['needs-review'], hosts: ['SALES-LAPTOP-051'], sameTimeAsPrevious: true,
  },
  {
    title: 'Ransomware activity on FIN-WS-003',
    description: 'Shadow copies were deleted with vssadmin on FIN-WS-003, followed by encryption behaviour.',
    severity: 'HIGH', status: 'OPEN', owner: 'lead', tags: ['ransomware', 'vip'], hosts: ['FIN-WS-003', 'FS-01'],
    notes: [['lead', 'Taking this one; isolating the device now.']],
  },
  {
    title: 'Suspicious Run key added on MKT-LAPTOP-019',
    description: 'A Run key pointing to a renamed copy of mshta.exe was added on MKT-LAPTOP-019.',
    severity: 'LOW', status: 'OPEN', hosts: ['MKT-LAPTOP-019'],
  },
  {
    title: 'Remote access tool TeamViewer installed on HR-LAPTOP-007',
    description: 'TeamViewer was installed on HR-LAPTOP-007 by the user.',
    severity: 'LOW', status: 'OPEN', tags: ['pua'], hosts: ['HR-LAPTOP-007'],
  },
  {
    title: 'Coinminer process consuming CPU on CITRIX-02',
    description: 'The same miner family as in June is running on CITRIX-02 again.',
    severity: 'MEDIUM', status: 'OPEN', tags: ['cryptominer', '100%-cpu', 'win_server'], hosts: ['CITRIX-02'],
  },
  {
    title: 'Phishing email with malicious attachment opened',
    description: 'An HTML attachment with an embedded login form was opened on FIN-LAPTOP-017.',
    severity: 'MEDIUM', status: 'OPEN', tags: ['phishing'], hosts: ['FIN-LAPTOP-017'],
  },
  {
    title: 'Unusual LDAP enumeration from SUP-LAPTOP-030',
    description: 'SUP-LAPTOP-030 queried the members of Domain Admins and Enterprise Admins repeatedly.',
    severity: 'MEDIUM', status: 'OPEN', owner: 'emulator', hosts: ['SUP-LAPTOP-030'],
  },
  {
    title: 'Possible data exfiltration via cloud storage from FS-01',
    description: 'MEGAsync was started on FS-01 and began uploading the HR share.',
    severity: 'HIGH', status: 'OPEN', tags: ['exfiltration', 'dlp'], hosts: ['FS-01'],
  },
  {
    title: 'Encoded PowerShell command executed on EXEC-LAPTOP-001',
    description: 'An encoded PowerShell command started from a calendar invite attachment on the CEO\'s laptop.',
    severity: 'HIGH', status: 'OPEN', tags: ['powershell', 'vip'], hosts: ['EXEC-LAPTOP-001'],
  },
  {
    title: 'Alert with missing severity from the syslog connector',
    description: 'The detection arrived through the syslog connector without a severity; triage has to set one.',
    severity: 'UNSPECIFIED', status: 'OPEN', tags: ['needs-review'], hosts: ['PRINT-01'],
  },
  {
    title: 'Trojan detected in downloads folder on ENG-LAPTOP-204',
    description: 'A cracked software installer in the Downloads folder of ENG-LAPTOP-204 was detected as a trojan.',
    severity: 'LOW', status: 'OPEN', hosts: ['ENG-LAPTOP-204'],
  },
];

const START = Date.UTC(2026, 4, 1, 6); // 2026-05-01T06:00:00Z
const LAST_CREATED = Date.UTC(2026, 10, 14, 18); // 2026-11-14T18:00:00Z
/** The fixture's "now": nothing happens after it. */
const END = Date.UTC(2026, 10, 15); // 2026-11-15T00:00:00Z

function build(): { incidents: IncidentRecord[]; comments: CommentRecord[] } {
  const random = createRandom('fixtures/default/eset');
  const deviceUuids = new Map(FLEET.map((host) => [host, random.uuid()]));
  const incidents: IncidentRecord[] = [];
  const comments: CommentRecord[] = [];
  const slot = (LAST_CREATED - START) / STORIES.length;
  let previousCreateTime = START;

  STORIES.forEach((story, index) => {
    const uuid = random.uuid();
    let createTime = START + Math.floor(slot * index) + random.int(0, Math.floor(slot / 1000) - 1) * 1000;
    // A few server-side times carry milliseconds, as real ones do.
    if (index % 9 === 4) createTime += random.int(1, 999);
    if (story.sameTimeAsPrevious) createTime = previousCreateTime;
    previousCreateTime = createTime;

    const status = enumNumber(INCIDENT_STATUSES, `INCIDENT_STATUS_${story.status}`)!;
    const severity = enumNumber(SEVERITY_LEVELS, `INCIDENT_SEVERITY_LEVEL_${story.severity}`)!;
    const owner = story.owner ? PEOPLE[story.owner] : '';
    if (owner === '' && status !== STATUS.OPEN) throw new Error(`story ${index}: only an OPEN incident may be unassigned`);
    if ((status === STATUS.CLOSED) !== (story.closed !== undefined)) throw new Error(`story ${index}: closed stories need a reason and a final note`);

    const notes = story.notes ?? [];
    const timeline = planIncidentTimeline(random, { createTime, severity, status, end: END, commentCount: notes.length, assigned: owner !== '' });
    notes.forEach(([author, text], noteIndex) => {
      const time = timeline.commentTimes[noteIndex]!;
      comments.push({ uuid: random.uuid(), incidentUuid: uuid, text, authorUuid: PEOPLE[author], isFinalComment: false, createTime: time, updateTime: time });
    });
    if (story.closed) {
      const time = timeline.updateTime;
      comments.push({ uuid: random.uuid(), incidentUuid: uuid, text: story.closed[1], authorUuid: owner, isFinalComment: true, createTime: time, updateTime: time });
    }

    const devices = story.hosts.map((host) => {
      const device = deviceUuids.get(host);
      if (!device) throw new Error(`story ${index}: host ${host} is not in the fleet`);
      return device;
    });
    const others = [...deviceUuids.values()].filter((device) => !devices.includes(device));
    devices.push(...random.sample(others, story.moreDevices ?? 0));
    const executableCount = devices.length === 0 ? 0 : random.int(1, 3 + devices.length);
    const detectionCount = devices.length === 0 ? random.int(1, 2) : random.int(devices.length, Math.min(16, devices.length * 2));

    incidents.push({
      uuid,
      displayName: story.title,
      description: story.description,
      assigneeUuid: owner,
      createTime,
      updateTime: timeline.updateTime,
      severity,
      status,
      resolveReason: story.closed ? enumNumber(RESOLVE_REASONS, `INCIDENT_RESOLVE_REASON_${story.closed[0]}`)! : 0,
      metrics: { deviceCount: devices.length, executableCount, processCount: executableCount === 0 ? 0 : executableCount + random.int(0, 24) },
      triageSeconds: timeline.triageSeconds,
      responseSeconds: timeline.responseSeconds,
      tags: story.tags ?? [],
      deviceUuids: devices,
      detectionUuids: Array.from({ length: detectionCount }, () => random.uuid()),
    });
  });
  return { incidents, comments };
}

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'default', 'eset.json');
const fixture = formatEsetFixture({ users: [...DEFAULT_ESET_USERS], ...build() });
parseEsetFixture(JSON.parse(JSON.stringify(fixture)), target); // never write a file the loader would refuse
writeFileSync(target, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${fixture.incidents.length} incidents to ${target}`);

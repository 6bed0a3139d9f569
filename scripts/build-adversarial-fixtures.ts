/**
 * Builds fixtures/default/adversarial.json: the organisation, its users and service accounts, and
 * the hand-written incident register below (titles, descriptions, severities, statuses, tags,
 * threat objectives, risks and analyst notes), whose dates come from a seeded PRNG so that the
 * file is curated where a reader looks and reproducible where nobody wants to type timestamps.
 * Re-run after editing a story:
 *
 *   npx tsx scripts/build-adversarial-fixtures.ts
 *
 * Deterministic: the same script writes the same bytes on every machine.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayId, type IncidentStatus, type Relevance, type Severity, type ThreatObjective } from '../src/apis/adversarial/enums.js';
import { parseAdversarialFixture, type AdversarialFixtureFile } from '../src/apis/adversarial/fixture.js';
import { formatTimestamp } from '../src/util/proto-time.js';
import { createRandom } from '../src/util/random.js';

const ORGANISATION = { id: '6d1f4b2a-8c3e-4e71-9a5d-0b2c7e9f1a34', name: 'Northwind Freight Ltd' };
const SOURCES = ['SIEM', 'EDR', 'Email Security', 'User Report', 'Threat Intelligence', 'Vulnerability Scanner', 'Cloud Security', 'Third Party'];

const USERS = {
  maya: { id: '0f8e2d4c-6b1a-4f3e-8d2c-5a7b9e1f3c60', first_name: 'Maya', last_name: 'Okafor', email: 'maya.okafor@northwind.example', icon: 'https://avatars.northwind.example/maya.okafor.png' },
  tomasz: { id: '1a3c5e7f-9b2d-4c6e-8f1a-3b5d7f9e2c41', first_name: 'Tomasz', last_name: 'Wieczorek', email: 'tomasz.wieczorek@northwind.example', icon: 'https://avatars.northwind.example/tomasz.wieczorek.png' },
  priya: { id: '2b4d6f8a-1c3e-4a5b-9d7f-4c6e8a1b3d52', first_name: 'Priya', last_name: 'Raman', email: 'priya.raman@northwind.example', icon: null },
  daniel: { id: '3c5e7a9b-2d4f-4b6c-8e1a-5d7f9b2c4e63', first_name: 'Daniel', last_name: 'Brooks', email: 'daniel.brooks@northwind.example', icon: null },
  lena: { id: '4d6f8b1c-3e5a-4c7d-9f2b-6e8a1c3d5f74', first_name: 'Lena', last_name: 'Fischer', email: 'lena.fischer@northwind.example', icon: null, active: false },
  emulator: { id: '5e7a9c2d-4f6b-4d8e-8a3c-7f9b2d4e6a85', first_name: 'Emulator', last_name: 'Integration', email: 'emulator@northwind.example', icon: null },
  siem: { id: '6f8b1d3e-5a7c-4e9f-9b4d-8a1c3e5f7b96', first_name: 'SIEM', last_name: 'Connector', email: 'siem-connector@northwind.example', icon: null },
  sync: { id: '7a9c2e4f-6b8d-4f1a-8c5e-9b2d4f6a8c07', first_name: 'Ticket', last_name: 'Sync', email: 'ticket-sync@northwind.example', icon: null },
  risk: { id: '8b1d3f5a-7c9e-4a2b-9d6f-1c3e5a7b9d18', first_name: 'Risk', last_name: 'Reporting', email: 'risk-reporting@northwind.example', icon: null },
} as const;
type Person = keyof typeof USERS;

const SERVICE_ACCOUNTS = [
  { client_id: 'arm_sa_emulator', client_secret: 'arm_sk_emulator', name: 'Emulator default (documented)', role: 'Editor', user_id: USERS.emulator.id },
  { client_id: 'arm_sa_siem_connector', client_secret: 'arm_sk_siem_connector_4f2a9c', name: 'SIEM connector', role: 'Incident Editor', user_id: USERS.siem.id },
  { client_id: 'arm_sa_ticket_sync', client_secret: 'arm_sk_ticket_sync_81d3e7', name: 'Ticketing sync', role: 'Incident Editor', user_id: USERS.sync.id },
  { client_id: 'arm_sa_risk_reporting', client_secret: 'arm_sk_risk_reporting_c05b6d', name: 'Board risk reporting', role: 'Risk Editor', user_id: USERS.risk.id },
];

/** The platform's own tags (org_id null) were created by Adversarial, not by a user of the organisation. */
const PLATFORM = 'a0000000-0000-4000-8000-000000000001';
const TAGS: Array<[string, string, Person | null]> = [
  ['2c1e9a7b-3d5f-4b8a-9c2e-1f4a6b8d0e12', 'ransomware', null],
  ['3d2f0b8c-4e6a-4c9b-8d3f-2a5b7c9e1f23', 'phishing', null],
  ['4e3a1c9d-5f7b-4d0c-9e4a-3b6c8d0f2a34', 'credential-compromise', 'maya'],
  ['5f4b2d0e-6a8c-4e1d-8f5b-4c7d9e1a3b45', 'vip', 'maya'],
  ['6a5c3e1f-7b9d-4f2e-9a6c-5d8e0f2b4c56', 'third-party', 'priya'],
  ['7b6d4f2a-8c0e-4a3f-8b7d-6e9f1a3c5d67', 'cloud', 'tomasz'],
  ['8c7e5a3b-9d1f-4b4a-9c8e-7f0a2b4d6e78', 'pii', 'maya'],
  ['9d8f6b4c-0e2a-4c5b-8d9f-8a1b3c5e7f89', 'regulatory-notification', 'maya'],
  ['0e9a7c5d-1f3b-4d6c-9e0a-9b2c4d6f8a90', 'false-positive', 'tomasz'],
  ['1f0b8d6e-2a4c-4e7d-8f1b-0c3d5e7a9b01', 'insider', 'priya'],
  ['2a1c9e7f-3b5d-4f8e-9a2c-1d4e6f8b0c12', 'malware', 'lena'],
  ['3b2d0f8a-4c6e-4a9f-8b3d-2e5f7a9c1d23', 'ddos', 'daniel'],
  ['4c3e1a9b-5d7f-4b0a-9c4e-3f6a8b0d2e34', 'vulnerability', 'daniel'],
  ['5d4f2b0c-6e8a-4c1b-8d5f-4a7b9c1e3f45', 'awaiting-vendor', 'priya'],
  ['6e5a3c1d-7f9b-4d2c-9e6a-5b8c0d2f4a56', 'payments', 'maya'],
];

type Objective = [ThreatObjective, Relevance | null];

interface Story {
  title: string;
  description: string;
  status: IncidentStatus;
  severity: Severity | null;
  reasoning?: string;
  /** null: the source was not recorded. */
  source: string | null;
  assignee?: Person;
  opener: Person;
  tags?: string[];
  objectives?: Objective[];
  risks?: number[];
  notes?: Array<[Person, string]>;
  /** Occurred date unknown. */
  noOccurred?: boolean;
}

// In the order they were registered, 2026-03-02 .. 2026-11-13. INC-00023 was deleted.
const STORIES: Story[] = [
  {
    title: 'LockBit ransomware on finance file share',
    description: 'Files on \\\\fs01\\finance were renamed to .lockbit and a ransom note was left in every folder. Encryption started from a finance laptop.',
    status: 'Closed', severity: 'SEV-1', reasoning: 'Business-critical data encrypted; month-end close at risk.',
    source: 'EDR', assignee: 'priya', opener: 'siem', tags: ['ransomware', 'vip'], objectives: [['Extortion', 'High'], ['Sabotage', 'Medium']], risks: [1, 4],
    notes: [['tomasz', 'Laptop FIN-LT-042 isolated; 2,114 files encrypted on the share.'], ['priya', 'Restored from the immutable snapshot of the night before. No data left the network.']],
  },
  {
    title: 'Invoice fraud attempt against accounts payable',
    description: 'A look-alike supplier domain asked accounts payable to change the bank details for three open invoices.',
    status: 'Closed', severity: 'SEV-3', reasoning: 'No payment made; caught by the call-back control.',
    source: 'User Report', assignee: 'tomasz', opener: 'tomasz', tags: ['phishing', 'payments'], objectives: [['Fraud', 'High']], risks: [7],
    notes: [['tomasz', 'Supplier confirmed by phone that their bank details did not change.']],
  },
  {
    title: 'Credential stuffing against customer portal',
    description: 'About 40,000 logon attempts from residential proxies against track.northwind.example; 112 accounts logged in successfully.',
    status: 'Closed', severity: 'SEV-2', reasoning: 'Customer accounts taken over; shipment addresses visible.',
    source: 'SIEM', assignee: 'priya', opener: 'siem', tags: ['credential-compromise', 'pii'], objectives: [['Customer Targeting', 'High'], ['Data Disclosure', 'Medium']], risks: [2, 5],
    notes: [['priya', 'Forced password resets for the 112 accounts and enabled bot protection on the login page.'], ['maya', 'Legal says no notification is needed: no payment data is stored in the portal.']],
  },
  {
    title: 'Phishing campaign impersonating the CEO',
    description: 'Twenty-three staff received a gift-card request signed with the CEO\'s name from a free-mail address.',
    status: 'Closed', severity: 'SEV-4', source: 'Email Security', assignee: 'tomasz', opener: 'siem', tags: ['phishing', 'vip'], objectives: [['Fraud', 'Medium']],
    notes: [['tomasz', 'Messages purged from all mailboxes; two users replied but nobody bought cards.']],
  },
  {
    title: 'Exposed storage bucket with shipment manifests',
    description: 'A cloud storage bucket holding shipment manifests for Q1 was readable by anyone with the link.',
    status: 'Closed', severity: 'SEV-2', reasoning: 'Names and addresses of consignees exposed for six weeks.',
    source: 'Cloud Security', assignee: 'daniel', opener: 'maya', tags: ['cloud', 'pii', 'regulatory-notification'], objectives: [['Data Disclosure', 'High']], risks: [5, 9],
    notes: [['daniel', 'Public access removed; access logs show 14 downloads from unknown addresses.'], ['maya', 'Regulator notified within 72 hours; reference NWF-2026-031.']],
  },
  {
    title: 'Cryptominer on build server',
    description: 'A compromised npm dependency in the nightly build started a Monero miner on build-02.',
    status: 'Closed', severity: 'SEV-4', source: 'EDR', assignee: 'lena', opener: 'siem', tags: ['malware'], objectives: [['Resource Hijacking', 'High']], risks: [11],
    notes: [['lena', 'Dependency pinned to the previous release; build agents rebuilt from the image.']],
  },
  {
    title: 'DDoS against the public website',
    description: 'A 38 Gbit/s UDP reflection attack made www.northwind.example unreachable for 40 minutes.',
    status: 'Closed', severity: 'SEV-3', reasoning: 'Marketing site only; booking runs on another platform.',
    source: 'Third Party', assignee: 'daniel', opener: 'daniel', tags: ['ddos'], objectives: [['Sabotage', 'Medium']], risks: [3],
    notes: [['daniel', 'Upstream scrubbing enabled with the ISP; always-on protection ordered.']],
  },
  {
    title: 'Unpatched VPN appliance exploited',
    description: 'The VPN appliance was hit with the published pre-auth exploit; a web shell was found in its management interface.',
    status: 'Closed', severity: 'SEV-1', reasoning: 'Attacker had a foothold on the network edge.',
    source: 'Threat Intelligence', assignee: 'priya', opener: 'maya', tags: ['vulnerability', 'credential-compromise'], objectives: [['Data Disclosure', 'High'], ['Extortion', 'Medium']], risks: [1, 6],
    notes: [['priya', 'Appliance rebuilt and patched; all VPN user passwords and certificates rotated.'], ['tomasz', 'No lateral movement found in EDR telemetry.'], ['maya', 'Post-incident review held; patch SLA for edge devices cut to 48 hours.']],
  },
  {
    title: 'Payroll data emailed to a personal address',
    description: 'An HR employee forwarded the monthly payroll export to a personal mailbox before leaving the company.',
    status: 'Closed', severity: 'SEV-2', source: 'Email Security', assignee: 'maya', opener: 'siem', tags: ['insider', 'pii'], objectives: [['Data Disclosure', 'High']], risks: [9],
    notes: [['maya', 'The former employee confirmed deletion in writing; HR and legal involved.']],
  },
  {
    title: 'Suspicious OAuth app consent in Microsoft 365',
    description: 'Three users consented to an app called "Doc Viewer Pro" that requested mail read and offline access.',
    status: 'Closed', severity: 'SEV-3', source: 'Cloud Security', assignee: 'tomasz', opener: 'tomasz', tags: ['phishing', 'cloud'], objectives: [['Data Disclosure', 'Medium']],
    notes: [['tomasz', 'App consent revoked and the app blocked tenant-wide. Admin consent now required for new apps.']],
  },
  {
    title: 'Malware on warehouse scanner terminal',
    description: 'A handheld scanner in the Rotterdam warehouse tried to reach a known botnet controller.',
    status: 'Closed', severity: 'SEV-4', source: 'SIEM', assignee: 'lena', opener: 'siem', tags: ['malware'], objectives: [['Resource Hijacking', 'Low']],
    notes: [['lena', 'Scanner reflashed by the vendor; the Wi-Fi segment for scanners now has no internet access.']],
  },
  {
    title: 'Fake parcel-tracking SMS to customers',
    description: 'Customers report text messages in our name asking for a customs fee through a payment link.',
    status: 'Closed', severity: 'SEV-3', source: 'User Report', assignee: 'priya', opener: 'sync', tags: ['phishing', 'third-party'], objectives: [['Customer Targeting', 'High'], ['Fraud', 'High']], risks: [2, 7],
    notes: [['priya', 'Takedown requested for five domains; warning banner added to the tracking page.']],
  },
  {
    title: 'Logistics partner breach affecting our shipments',
    description: 'Our last-mile carrier disclosed a breach of its dispatch system, which holds our consignee data.',
    status: 'Closed', severity: 'SEV-2', source: 'Third Party', assignee: 'maya', opener: 'maya', tags: ['third-party', 'pii', 'regulatory-notification'], objectives: [['Data Disclosure', 'High']], risks: [5, 8],
    notes: [['maya', 'Carrier shared the affected record count: 8,300 of ours.'], ['priya', 'Contract review started; security clauses to be strengthened.']],
  },
  {
    title: 'Domain admin password in a public repository',
    description: 'A deployment script with a domain admin password was pushed to a public code repository.',
    status: 'Closed', severity: 'SEV-1', reasoning: 'Full domain compromise possible with the leaked password.',
    source: 'Threat Intelligence', assignee: 'priya', opener: 'siem', tags: ['credential-compromise'], objectives: [['Sabotage', 'High'], ['Data Disclosure', 'High']], risks: [6],
    notes: [['priya', 'Password rotated 25 minutes after the alert; repository made private and history rewritten.'], ['tomasz', 'No logons with the account from outside the admin network.']],
  },
  {
    title: 'Business email compromise of sales mailbox',
    description: 'An attacker read a sales manager\'s mailbox for eleven days and set a rule hiding replies from a key customer.',
    status: 'Closed', severity: 'SEV-2', source: 'SIEM', assignee: 'tomasz', opener: 'siem', tags: ['credential-compromise', 'phishing'], objectives: [['Fraud', 'High'], ['Customer Targeting', 'Medium']], risks: [7],
    notes: [['tomasz', 'Rule removed, sessions revoked, MFA re-registered.'], ['maya', 'Customer warned not to act on payment changes from this thread.']],
  },
  {
    title: 'Port scan from a cloud host against the DMZ',
    description: 'A single cloud host scanned all 65,535 TCP ports of the DMZ range overnight.',
    status: 'Closed', severity: 'SEV-5', source: 'SIEM', assignee: 'daniel', opener: 'siem', tags: ['false-positive'], objectives: [],
    notes: [['daniel', 'Our external attack-surface scanner, newly set up by IT. Whitelisted.']],
  },
  {
    title: 'USB stick with malware found in the car park',
    description: 'A staff member handed in a USB stick found in the car park; it contains a trojanised "salaries 2026" spreadsheet.',
    status: 'Closed', severity: 'SEV-4', source: 'User Report', assignee: 'lena', opener: 'tomasz', tags: ['malware'], objectives: [['Data Disclosure', 'Low']], noOccurred: true,
  },
  {
    title: 'Customer data in a test environment without access control',
    description: 'A copy of the production customer table was found in a test database reachable from the whole office network.',
    status: 'Closed', severity: 'SEV-3', source: 'Vulnerability Scanner', assignee: 'daniel', opener: 'daniel', tags: ['pii'], objectives: [['Data Disclosure', 'Medium']], risks: [9],
    notes: [['daniel', 'Test copy replaced with masked data.']],
  },
  {
    title: 'Ransomware precursor: Cobalt Strike beacon on jump host',
    description: 'EDR detected a Cobalt Strike beacon on the admin jump host, injected into a signed process.',
    status: 'Closed', severity: 'SEV-1', reasoning: 'Typical precursor of ransomware deployment on an admin host.',
    source: 'EDR', assignee: 'priya', opener: 'siem', tags: ['ransomware', 'credential-compromise'], objectives: [['Extortion', 'High'], ['Sabotage', 'High']], risks: [1, 4, 6],
    notes: [['tomasz', 'Jump host isolated 6 minutes after the alert.'], ['priya', 'Initial access via a contractor\'s stolen VPN session. Contractor access suspended.'], ['maya', 'External IR firm engaged for a compromise assessment; nothing further found.']],
  },
  {
    title: 'Shadow IT file-sharing service used for customs documents',
    description: 'The customs team shares declarations with brokers through an unapproved file-sharing service.',
    status: 'Closed', severity: 'SEV-5', source: 'Cloud Security', assignee: 'maya', opener: 'maya', tags: ['cloud', 'third-party'], objectives: [['Data Disclosure', 'Low']],
    notes: [['maya', 'Moved to the approved partner portal; the service is now blocked.']],
  },
  {
    title: 'GPS jamming reported by fleet telematics',
    description: 'Telematics lost GPS for six trucks at the same depot at the same time for two hours.',
    status: 'Closed', severity: null, source: 'Third Party', assignee: 'daniel', opener: 'sync', tags: ['third-party'], objectives: [['Sabotage', null]],
    notes: [['daniel', 'Caused by a faulty repeater installed by a neighbouring business; no malicious intent.']],
  },
  {
    title: 'Former employee account still active',
    description: 'An account of an employee who left in February logged on to the expense system in April.',
    status: 'Closed', severity: 'SEV-3', source: 'SIEM', assignee: 'tomasz', opener: 'siem', tags: ['insider', 'credential-compromise'], objectives: [['Fraud', 'Medium']], risks: [10],
    notes: [['tomasz', 'The logon was the former employee\'s manager using shared credentials. Account disabled; leaver process fixed.']],
  },
  // INC-00023 was opened by mistake and deleted.
  {
    title: 'Malicious advertisement redirecting staff to fake updates',
    description: 'Several browsers were redirected from a news site to a page offering a fake browser update.',
    status: 'Closed', severity: 'SEV-4', source: 'EDR', assignee: 'lena', opener: 'siem', tags: ['malware'], objectives: [['Resource Hijacking', 'Low']],
  },
  {
    title: 'Card skimmer script on the customs fee payment page',
    description: 'A script injected through a third-party analytics tag sent card numbers typed on the customs fee page to another domain.',
    status: 'Review', severity: 'SEV-1', reasoning: 'Card data of paying customers stolen; PCI obligations.',
    source: 'Threat Intelligence', assignee: 'priya', opener: 'maya', tags: ['payments', 'third-party', 'regulatory-notification', 'pii'], objectives: [['Fraud', 'High'], ['Customer Targeting', 'High'], ['Data Disclosure', 'High']], risks: [2, 7, 8],
    notes: [['priya', 'Tag removed; the page now has a strict content security policy.'], ['maya', 'Acquirer and card schemes informed; 1,920 cards affected.'], ['tomasz', 'Forensic report drafted; waiting for sign-off.']],
  },
  {
    title: 'Weak TLS configuration on EDI gateway',
    description: 'The EDI gateway used by partners still accepts TLS 1.0 and export-grade ciphers.',
    status: 'Review', severity: 'SEV-4', source: 'Vulnerability Scanner', assignee: 'daniel', opener: 'daniel', tags: ['vulnerability', 'third-party'], objectives: [['Data Disclosure', 'Low']],
    notes: [['daniel', 'TLS 1.2 minimum configured; two partners had to upgrade their client first.']],
  },
  {
    title: 'Spear-phishing of the finance director',
    description: 'A tailored message with a fake board-pack link targeted the finance director; credentials were entered on the page.',
    status: 'Review', severity: 'SEV-2', source: 'Email Security', assignee: 'tomasz', opener: 'siem', tags: ['phishing', 'vip', 'credential-compromise'], objectives: [['Fraud', 'High']], risks: [7],
    notes: [['tomasz', 'Password reset within the hour; MFA blocked the attacker\'s sign-in.']],
  },
  {
    title: 'Data exfiltration over DNS from a print server',
    description: 'The print server sent long, high-entropy DNS queries to a recently registered domain.',
    status: 'Review', severity: 'SEV-2', source: 'SIEM', assignee: 'priya', opener: 'siem', tags: ['malware'], objectives: [['Data Disclosure', 'High']], risks: [4],
    notes: [['priya', 'Backdoored printer driver package; server rebuilt.'], ['tomasz', 'About 300 MB left over DNS; it looks like spooled documents.']],
  },
  {
    title: 'Account takeover of a carrier portal user',
    description: 'A carrier\'s dispatcher account on our partner portal was used from two countries within an hour.',
    status: 'In Progress', severity: 'SEV-3', source: 'SIEM', assignee: 'tomasz', opener: 'siem', tags: ['third-party', 'credential-compromise'], objectives: [['Customer Targeting', 'Medium']], risks: [8],
    notes: [['tomasz', 'Account locked; carrier asked to check their dispatcher\'s laptop.']],
  },
  {
    title: 'Ransomware group lists Northwind on its leak site',
    description: 'A ransomware group claims to hold 200 GB of our data and threatens publication in ten days.',
    status: 'In Progress', severity: 'SEV-1', reasoning: 'Public extortion; data origin not yet confirmed.',
    source: 'Threat Intelligence', assignee: 'maya', opener: 'maya', tags: ['ransomware', 'regulatory-notification', 'vip'], objectives: [['Extortion', 'High'], ['Data Disclosure', 'High']], risks: [1, 5],
    notes: [['maya', 'Crisis team convened; no negotiation.'], ['priya', 'Sample files match the carrier breach of June, not our systems.'], ['tomasz', 'Monitoring the leak site twice a day.']],
  },
  {
    title: 'Suspicious admin logons outside business hours',
    description: 'A database administrator account logged on to three production servers at 03:00 on a Sunday.',
    status: 'In Progress', severity: 'SEV-3', source: 'SIEM', assignee: 'lena', opener: 'siem', tags: ['insider'], objectives: [['Sabotage', 'Low']],
    notes: [['lena', 'Waiting for the DBA to confirm planned maintenance.']],
  },
  {
    title: 'Critical vulnerability in the warehouse management system',
    description: 'The vendor disclosed an unauthenticated remote code execution flaw in our warehouse management system version.',
    status: 'In Progress', severity: 'SEV-2', source: 'Vulnerability Scanner', assignee: 'daniel', opener: 'sync', tags: ['vulnerability', 'awaiting-vendor'], objectives: [['Sabotage', 'High']], risks: [3, 11],
    notes: [['daniel', 'Workaround applied: the admin interface is only reachable from the jump host.'], ['priya', 'Vendor patch promised for next week.']],
  },
  {
    title: 'Spam relay through the contact form',
    description: 'The website contact form was abused to send thousands of messages to external addresses.',
    status: 'In Progress', severity: 'SEV-5', source: 'SIEM', assignee: 'daniel', opener: 'siem', tags: [], objectives: [['Resource Hijacking', 'Medium']],
  },
  {
    title: 'Stolen laptop of a customs broker',
    description: 'A laptop was stolen from a broker\'s car; it holds customer declarations. Disk encryption status unknown.',
    status: 'In Progress', severity: null, source: 'User Report', assignee: 'maya', opener: 'sync', tags: ['pii', 'third-party'], objectives: [['Data Disclosure', null]], noOccurred: true,
    notes: [['maya', 'Broker checking whether BitLocker was on.']],
  },
  {
    title: 'Fraudulent bank detail change request from a supplier',
    description: 'A supplier\'s real mailbox, compromised on their side, asked us to pay to a new account.',
    status: 'In Progress', severity: 'SEV-3', source: 'Email Security', assignee: 'tomasz', opener: 'tomasz', tags: ['payments', 'third-party', 'phishing'], objectives: [['Fraud', 'High']], risks: [7],
  },
  {
    title: 'Unusual volume of shipment lookups by an API key',
    description: 'One partner API key requested 1.2 million shipment records in a day, 50 times its usual volume.',
    status: 'New', severity: 'SEV-3', source: 'SIEM', assignee: 'priya', opener: 'siem', tags: ['third-party', 'pii'], objectives: [['Data Disclosure', 'Medium'], ['Customer Targeting', 'Low']], risks: [8],
  },
  {
    title: 'Phishing kit hosted on a look-alike domain',
    description: 'northvvind-freight.example hosts a copy of our partner portal login page.',
    status: 'New', severity: 'SEV-4', source: 'Threat Intelligence', opener: 'siem', tags: ['phishing'], objectives: [['Customer Targeting', 'Medium']],
  },
  {
    title: 'Privileged cloud role granted without a change request',
    description: 'A developer was given the owner role on the production cloud subscription on Friday evening.',
    status: 'New', severity: 'SEV-3', source: 'Cloud Security', assignee: 'daniel', opener: 'emulator', tags: ['cloud'], objectives: [['Sabotage', 'Medium']],
  },
  {
    title: 'Malware detected in an email attachment to customs',
    description: 'An ISO attachment with a loader was quarantined before delivery to the customs team.',
    status: 'New', severity: 'SEV-5', source: 'Email Security', opener: 'siem', tags: ['malware', 'phishing'], objectives: [],
  },
  {
    title: 'Possible insider copying route plans to USB',
    description: 'A planner copied 4 GB of route plans to a USB drive two days after resigning.',
    status: 'New', severity: 'SEV-2', source: 'EDR', assignee: 'maya', opener: 'siem', tags: ['insider'], objectives: [['Data Disclosure', 'High']], risks: [10],
  },
  {
    title: 'Report of a suspicious caller asking for VPN details',
    description: 'The service desk received a call from a "vendor engineer" asking to reset MFA for a depot manager.',
    status: 'New', severity: null, source: 'User Report', opener: 'sync', tags: ['credential-compromise'], objectives: [], noOccurred: true,
  },
  {
    title: 'Outdated firmware on depot CCTV recorders',
    description: 'Eleven CCTV recorders run firmware with known remote access vulnerabilities.',
    status: 'New', severity: 'SEV-4', source: 'Vulnerability Scanner', assignee: 'daniel', opener: 'daniel', tags: ['vulnerability'], objectives: [['Sabotage', 'Low']], risks: [3],
  },
  {
    title: 'Leaked API token for the shipment tracking service',
    description: 'A token for the tracking API appeared in a paste site dump together with other companies\' keys.',
    status: 'New', severity: 'SEV-3', source: 'Threat Intelligence', opener: 'emulator', tags: ['credential-compromise', 'third-party'], objectives: [['Data Disclosure', 'Medium']], risks: [6],
  },
  {
    title: 'Mass password spraying against Microsoft 365',
    description: 'Low-and-slow password spraying from 300 addresses against all mailboxes over the weekend.',
    status: 'New', severity: 'SEV-4', source: 'SIEM', opener: 'siem', tags: ['credential-compromise', 'cloud'], objectives: [['Data Disclosure', 'Low']],
  },
  {
    title: 'Unknown device on the head office network',
    description: 'A small single-board computer appeared on a meeting room network port.',
    status: 'New', severity: 'SEV-3', source: null, assignee: 'tomasz', opener: 'emulator', tags: ['insider'], objectives: [['Data Disclosure', 'Medium']],
  },
];

const START = Date.UTC(2026, 2, 2); // 2026-03-02
const END = Date.UTC(2026, 10, 13); // 2026-11-13
const LAST_CHANGE = Date.UTC(2026, 10, 18); // before the tests' frozen now, 2026-11-20
const MINUTE = 60_000;
const DELETED = new Set([23]);

function build(): AdversarialFixtureFile['incidents'] {
  const random = createRandom('adversarial-fixtures');
  const step = (END - START) / STORIES.length;
  let id = 0;
  return STORIES.map((story, index) => {
    id += 1;
    while (DELETED.has(id)) id += 1;
    const created = Math.floor((START + index * step + random.int(0, Math.floor(step / 2))) / MINUTE) * MINUTE;
    const detected = created - random.int(5, 360) * MINUTE;
    const occurred = story.noOccurred ? null : detected - random.int(0, 72 * 60) * MINUTE;
    const worked = story.status !== 'New';
    const responded = worked ? created + random.int(10, 8 * 60) * MINUTE : null;
    const contained = story.status === 'Review' || story.status === 'Closed' || (worked && random.chance(0.4))
      ? responded! + random.int(60, 5 * 24 * 60) * MINUTE
      : null;
    let last = Math.max(created, responded ?? 0, contained ?? 0);
    const notes = (story.notes ?? []).map(([person, value]) => {
      last = Math.min(LAST_CHANGE, last + random.int(20, 36 * 60) * MINUTE);
      return { id: random.uuid(), value, user_id: USERS[person].id, created_date: formatTimestamp(last) };
    });
    const closedLater = story.status === 'Closed' ? random.int(60, 3 * 24 * 60) * MINUTE : random.int(0, 120) * MINUTE;
    const updated = Math.min(LAST_CHANGE, last + closedLater);
    const time = (ms: number | null) => (ms === null ? null : formatTimestamp(ms));
    return {
      id: displayId(id),
      title: story.title,
      description: story.description,
      status: story.status,
      severity: story.severity,
      severity_reasoning: story.reasoning ?? null,
      source: story.source,
      assigned_to: story.assignee ? USERS[story.assignee].id : null,
      opened_by: USERS[story.opener].id,
      created_date: formatTimestamp(created),
      updated_date: formatTimestamp(updated),
      detected_date: formatTimestamp(detected),
      occurred_date: time(occurred),
      responded_date: time(responded),
      contained_date: time(contained),
      tags: story.tags ?? [],
      threat_objectives: (story.objectives ?? []).map(([threat_objective, relevance]) => ({
        threat_objective,
        relevance,
        created_date: formatTimestamp(Math.min(updated, created + random.int(1, 120) * MINUTE)),
      })),
      risk_associations: (story.risks ?? []).map((risk) => `RSK-${String(risk).padStart(5, '0')}`),
      comments: notes,
    };
  });
}

const fixture: AdversarialFixtureFile = {
  organisation: ORGANISATION,
  sources: SOURCES,
  users: Object.values(USERS).map((user) => ({ ...user, active: 'active' in user ? user.active : true })),
  service_accounts: SERVICE_ACCOUNTS,
  tags: TAGS.map(([id, content, creator]) => ({
    id,
    content,
    creator_id: creator === null ? PLATFORM : USERS[creator].id,
    org_id: creator === null ? null : ORGANISATION.id,
  })),
  incidents: build(),
};

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'default', 'adversarial.json');
parseAdversarialFixture(JSON.parse(JSON.stringify(fixture)), target); // never write a file the loader would refuse
writeFileSync(target, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${fixture.incidents.length} incidents to ${target}`);

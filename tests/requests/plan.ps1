# Written by licenselab requests --emit powershell (docs/requests.md).
# Run it with PowerShell 7 and the Microsoft.Graph.Authentication module.
#Requires -Modules Microsoft.Graph.Authentication
param(
    # How long to wait for Graph to show one step processed.
    [int] $TimeoutMinutes = 60,
    # How often to look.
    [int] $PollSeconds = 30
)

$ErrorActionPreference = 'Stop'
$Step = $null
# The expectation being checked, named in its failure.
$Check = $null

function Get-Graph([string] $Uri) {
    Invoke-MgGraphRequest -Method GET -Uri $Uri -OutputType PSObject
}

# Every item of a list, following its @odata.nextLink pages.
function Get-GraphList([string] $Uri) {
    $items = @()
    while ($Uri) {
        $page = Get-Graph $Uri
        $items += @($page.value)
        $Uri = $page.'@odata.nextLink'
    }
    $items
}

function Fail([string] $Message) {
    if ($Check) { throw "Step ${Step}, ${Check}: $Message" }
    throw "Step ${Step}: $Message"
}

# Polls $Done until it returns true; throws after $TimeoutMinutes.
function Wait-Until([string] $What, [scriptblock] $Done) {
    $deadline = (Get-Date).AddMinutes($TimeoutMinutes)
    while (-not (& $Done)) {
        if ((Get-Date) -gt $deadline) {
            Fail "gave up after $TimeoutMinutes minutes waiting for $What"
        }
        Write-Host "Step ${Step}: waiting for $What"
        Start-Sleep -Seconds $PollSeconds
    }
}

function Wait-GroupProcessed([string] $Uri, [string] $Group) {
    Wait-Until "group $Group's licenseProcessingState to be ProcessingComplete" {
        (Get-Graph $Uri).licenseProcessingState.state -eq 'ProcessingComplete'
    }
}

function Wait-UserRows([string] $Uri, [string] $User, [string] $Group, [string[]] $SkuIds, [bool] $Present) {
    $what = if ($Present) { "user $User's licenses from group $Group" } else { "user $User's licenses from group $Group to go" }
    Wait-Until $what {
        $rows = @((Get-Graph $Uri).licenseAssignmentStates | Where-Object { $_.assignedByGroup -eq $Group })
        $found = @($SkuIds | Where-Object { $rows.skuId -contains $_ })
        if ($Present) { $found.Count -eq $SkuIds.Count } else { $found.Count -eq 0 }
    }
}

function Wait-ByHand([string] $Text) {
    Write-Host "Step ${Step} is done by hand: $Text"
    Read-Host 'Press Enter when it is done' | Out-Null
}

function Assert-Holds([string] $Uri, [string] $User, [string] $SkuId, [bool] $Holds) {
    $has = @((Get-Graph $Uri).assignedLicenses | Where-Object { $_.skuId -eq $SkuId }).Count -gt 0
    if ($has -ne $Holds) {
        Fail "expected user $User $(if ($Holds) { 'to hold' } else { 'not to hold' }) product $SkuId (assignedLicenses)"
    }
}

function Assert-EnabledPlans([string] $Uri, [string] $User, [string] $SkuId, [string[]] $ProductPlans, [string[]] $Enabled) {
    $rows = @((Get-Graph $Uri).licenseAssignmentStates |
        Where-Object { $_.skuId -eq $SkuId -and ($_.state -eq 'Active' -or $_.state -eq 'ActiveWithError') })
    $actual = @($ProductPlans | Where-Object { $plan = $_; @($rows | Where-Object { $_.disabledPlans -notcontains $plan }).Count -gt 0 })
    if ((@($actual | Sort-Object) -join ',') -ne (@($Enabled | Sort-Object) -join ',')) {
        Fail "expected user $User's enabled plans of $SkuId to be [$($Enabled -join ', ')], Graph shows [$($actual -join ', ')]"
    }
}

function Assert-Row([string] $Uri, [string] $User, [string] $SkuId, [string] $Group, [string] $State, [string] $ExpectedError) {
    $row = @((Get-Graph $Uri).licenseAssignmentStates |
        Where-Object { $_.skuId -eq $SkuId -and [string] $_.assignedByGroup -eq $Group })
    $path = if ($Group) { "from group $Group" } else { 'assigned directly' }
    if ($row.Count -eq 0) { Fail "expected user $User to have a row of $SkuId $path; it has none" }
    $actualError = if ($row[0].error) { $row[0].error } else { 'None' }
    if ($row[0].state -ne $State -or $actualError -ne $ExpectedError) {
        Fail "expected user $User's row of $SkuId $path to be $State/$ExpectedError, Graph shows $($row[0].state)/$actualError"
    }
}

function Assert-ConsumedUnits([string] $Uri, [string] $SkuId, [int] $Expected) {
    $sku = @(Get-GraphList $Uri | Where-Object { $_.skuId -eq $SkuId })
    if ($sku.Count -eq 0) { Fail "product $SkuId is not in subscribedSkus" }
    if ($sku[0].consumedUnits -ne $Expected) {
        Fail "expected $Expected consumedUnits of $SkuId, Graph shows $($sku[0].consumedUnits)"
    }
}

function Assert-GroupMembers([string] $Uri, [string] $Group, [string[]] $Members) {
    $actual = @(Get-GraphList $Uri | ForEach-Object { $_.id })
    if ((@($actual | Sort-Object) -join ',') -ne (@($Members | Sort-Object) -join ',')) {
        Fail "expected group $Group's members to be [$($Members -join ', ')], Graph shows [$($actual -join ', ')]"
    }
}

function Assert-GroupErrors([string] $Uri, [string] $Group, [int] $Expected) {
    $actual = @(Get-GraphList $Uri).Count
    if ($actual -ne $Expected) {
        Fail "expected $Expected members of group $Group with license errors, Graph shows $actual"
    }
}

Connect-MgGraph -Scopes 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All' -NoWelcome

# Step 0: assignLicense
# EMS without Exchange Foundation and Defender for Identity
$Step = 0
Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/v1.0/groups/sales%2Feu%20%231/assignLicense' -Body '{"addLicenses":[{"disabledPlans":["113feb6c-3fe4-4440-bddc-54d774bf0318","14ab5db5-e6c4-4b20-b4bc-13e36fd2227f"],"skuId":"b05e124f-c7cc-45a0-a6aa-8cf78c946968"},{"disabledPlans":["a413a9ff-720c-4822-98ef-2f37c2a21f4c"],"skuId":"c7df2760-2c81-4ef7-b578-5b5392b571df"}],"removeLicenses":[]}' -ContentType 'application/json' | Out-Null
Wait-GroupProcessed -Uri 'https://graph.microsoft.com/v1.0/groups/sales%2Feu%20%231?$select=licenseProcessingState' -Group 'sales/eu #1'
$Check = 'expect[0]'
Assert-Row -Uri 'https://graph.microsoft.com/v1.0/users/alice@contoso.com?$select=licenseAssignmentStates' -User 'alice@contoso.com' -SkuId 'b05e124f-c7cc-45a0-a6aa-8cf78c946968' -Group 'sales/eu #1' -State 'Active' -ExpectedError 'None'
$Check = $null

# Step 1: addMember
$Step = 1
Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/v1.0/groups/sales%2Feu%20%231/members/$ref' -Body '{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/bob%20o%27neil"}' -ContentType 'application/json' | Out-Null
Wait-UserRows -Uri 'https://graph.microsoft.com/v1.0/users/bob%20o%27neil?$select=licenseAssignmentStates' -User 'bob o''neil' -Group 'sales/eu #1' -SkuIds @('b05e124f-c7cc-45a0-a6aa-8cf78c946968', 'c7df2760-2c81-4ef7-b578-5b5392b571df') -Present $true
$Check = 'expect[2]'
Assert-EnabledPlans -Uri 'https://graph.microsoft.com/v1.0/users/bob%20o%27neil?$select=licenseAssignmentStates' -User 'bob o''neil' -SkuId 'c5928f49-12ba-48f7-ada3-0d743a3601d5' -ProductPlans @('663a804f-1c30-4ff0-9915-9db84f0d1cea', '2bdbaf8f-738f-4ac7-9234-3c3ee2ce7d0f', '113feb6c-3fe4-4440-bddc-54d774bf0318') -Enabled @('113feb6c-3fe4-4440-bddc-54d774bf0318', '663a804f-1c30-4ff0-9915-9db84f0d1cea')
$Check = $null

# Step 2: removeMember
$Step = 2
Invoke-MgGraphRequest -Method DELETE -Uri 'https://graph.microsoft.com/v1.0/groups/marketing/members/carol/$ref' | Out-Null
Wait-UserRows -Uri 'https://graph.microsoft.com/v1.0/users/carol?$select=licenseAssignmentStates' -User 'carol' -Group 'marketing' -SkuIds @('c7df2760-2c81-4ef7-b578-5b5392b571df') -Present $false
$Check = 'expect[1] (carol''s E5 goes with marketing)'
Assert-Holds -Uri 'https://graph.microsoft.com/v1.0/users/carol?$select=assignedLicenses' -User 'carol' -SkuId 'c7df2760-2c81-4ef7-b578-5b5392b571df' -Holds $false
$Check = $null

# Step 3: assignLicense
$Step = 3
Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/v1.0/users/carol/assignLicense' -Body '{"addLicenses":[{"disabledPlans":[],"skuId":"b05e124f-c7cc-45a0-a6aa-8cf78c946968"}],"removeLicenses":[]}' -ContentType 'application/json' | Out-Null

# Step 4: updateUser
$Step = 4
Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/users/carol' -Body '{"usageLocation":"GB","department":"Sales ''EU'' ’’s"}' -ContentType 'application/json' | Out-Null

# Step 5: updateGroup
$Step = 5
Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/groups/marketing' -Body '{"membershipRule":"user.department -eq \"Marketing\"","membershipRuleProcessingState":"On","groupTypes":["DynamicMembership"]}' -ContentType 'application/json' | Out-Null
Wait-GroupProcessed -Uri 'https://graph.microsoft.com/v1.0/groups/marketing?$select=licenseProcessingState' -Group 'marketing'

# Step 6: setPrepaidUnits
$Step = 6
# By hand: no Graph request does this.
# Change product EMSPREMIUM (skuId b05e124f-c7cc-45a0-a6aa-8cf78c946968) to 6 enabled seats (0 in warning, 0 suspended, 0 locked out): buy or cancel licenses in the Microsoft 365 admin center (Billing > Your products) or with your vendor. Continue when GET /subscribedSkus shows these prepaidUnits.
Wait-ByHand 'Change product EMSPREMIUM (skuId b05e124f-c7cc-45a0-a6aa-8cf78c946968) to 6 enabled seats (0 in warning, 0 suspended, 0 locked out): buy or cancel licenses in the Microsoft 365 admin center (Billing > Your products) or with your vendor. Continue when GET /subscribedSkus shows these prepaidUnits.'

# Step 7: reprocess
$Step = 7
Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/v1.0/users/alice@contoso.com/reprocessLicenseAssignment' | Out-Null

Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/v1.0/users/bob%20o%27neil/reprocessLicenseAssignment' | Out-Null
Wait-GroupProcessed -Uri 'https://graph.microsoft.com/v1.0/groups/sales%2Feu%20%231?$select=licenseProcessingState' -Group 'sales/eu #1'

# Step 8: reprocess
$Step = 8
Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/v1.0/users/carol/reprocessLicenseAssignment' | Out-Null

# Step 9: assignLicense
$Step = 9
Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/v1.0/users/carol/assignLicense' -Body '{"addLicenses":[],"removeLicenses":["b05e124f-c7cc-45a0-a6aa-8cf78c946968"]}' -ContentType 'application/json' | Out-Null
$Check = 'expect[3]'
Assert-ConsumedUnits -Uri 'https://graph.microsoft.com/v1.0/subscribedSkus?$select=skuId,consumedUnits' -SkuId 'b05e124f-c7cc-45a0-a6aa-8cf78c946968' -Expected 2
$Check = 'expect[4]'
Assert-GroupMembers -Uri 'https://graph.microsoft.com/v1.0/groups/sales%2Feu%20%231/members?$select=id' -Group 'sales/eu #1' -Members @('alice@contoso.com', 'bob o''neil')
$Check = 'expect[5]'
Assert-GroupErrors -Uri 'https://graph.microsoft.com/v1.0/groups/sales%2Feu%20%231/membersWithLicenseErrors?$select=id' -Group 'sales/eu #1' -Expected 0
$Check = 'expect[6]'
# Not checked here: noNewErrors is about the whole run; licenselab check checks it on the plan.
$Check = $null

Write-Host 'Done: every request was sent and every check held.'

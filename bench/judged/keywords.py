"""A judged query set on the real Works on Arm archive, graded by hand: for each query, the stories
(week and the start of their heading) that answer it, 2 for a story about it, 1 for one that
touches it; any other story is 0. Half the queries are typos and spacing variants of words the
archive uses, half are questions as people ask them; some questions have no answer in the
archive and must find nothing. `clean` is the same need as plain keywords, the baseline.

Used by tests/archive/test_judged.py (floors) and bench/run.py (nDCG@5 and MRR, printed). It lives
in bench/ so that the benchmarks never import from tests/; the tests read it from here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Judged:
    query: str
    kind: str  # typo, spacing, question, or none (a question the archive cannot answer)
    clean: str = ""
    grades: dict[str, int] = field(default_factory=dict)  # "YYYY-Www|heading start" -> 2 or 1


UBUNTU = {
    "2019-W02|Ubuntu Openstack on arm64": 2,
    "2017-W26|Ubuntu Core on Raspberry Pi 3": 2,
    "2018-W50|Official Ubuntu 18.04": 2,
    "2018-W14|Ubuntu 18.04 Beta": 2,
    "2018-W17|Ubuntu 18.04 LTS": 2,
    "2018-W44|Kubernetes on arm64 from Ubuntu": 1,
    "2018-W20|FastNetMon release for arm64 on Ubuntu": 1,
    "2017-W50|Ceph charms for Juju for Ubuntu": 1,
    "2017-W26|Ask Ubuntu": 1,
    "2017-W47|Software: Ubuntu release of Docker": 1,
}
DEBIAN = {
    "2017-W47|Debian 8 and Debian 9": 2,
    "2019-W22|Debian cross-build": 2,
    "2019-W16|Debian Buston on HiSilicon": 2,
    "2019-W30|Debian 10 (Buster) on arm64": 2,
    "2017-W25|Distro: Debian 9": 2,
    "2017-W20|Devuan, a systemd free Debian": 1,
    "2017-W33|Raspbian Stretch": 1,
}
POSTGRES = {"2018-W27|Directory update: databases": 2, "2017-W43|Docker and databases for arm64": 2}
KUBERNETES = {
    "2018-W44|Kubernetes on arm64 from Ubuntu": 2,
    "2018-W39|Kubernetes 1.12": 2,
    "2018-W25|Kubernetes dashboard on Arm": 2,
    "2018-W26|Kubernetes 1.11 release": 2,
    "2018-W16|arm64 channel on Kubernetes Slack": 2,
    "2018-W50|Rancher, Arm collaborate for Kubernetes": 2,
    "2017-W27|Kubernetes 1.7 release": 2,
    "2019-W16|Kubernetes on Jetson TX2": 2,
    "2018-W18|Deploying multiple Traefik Ingresses": 1,
    "2017-W48|Kubecon talks": 1,
    "2019-W17|Amazon EKS support": 1,
    "2018-W03|Kubernetes cluster on Arm: MetalLB": 2,
}
TENSORFLOW = {
    "2019-W19|Swift for Tensorflow on Jetson Nano": 2,
    "2019-W12|Nvidia Jetson Nano, $99 AI computer": 1,
    "2019-W17|Google Coral Edge vs Jetson Nano": 1,
    "2019-W17|Getting started with the Jetson Nano": 1,
    "2018-W07|Project Trillium": 1,
    "2019-W20|Snips open sources Tract": 1,
    "2019-W05|Swift 5 development snapshots": 1,
}
HIKEY = {
    "2017-W18|Single board computers: the Hikey 960": 2,
    "2018-W12|Linaro Connect: 96Boards HiKey 970": 2,
    "2017-W32|96Boards OpenHours #65": 1,
    "2017-W46|Fedora 27 arm64 single-board computer support": 1,
}
MICROSD = {
    '2017-W28|"Rock64" debut from Pine64': 1,
    "2019-W15|SolidRun Clearfog ITX": 1,
    "2018-W05|Single board computer: Pine H64": 1,
}
PINE64 = {
    "2018-W14|OpenBSD/arm64 6.3 for Pine64": 2,
    '2017-W28|"Rock64" debut from Pine64': 2,
    "2018-W05|Clusterboard: Pine64": 2,
    "2018-W08|Kubernetes Cluster on Pine64": 2,
    "2019-W19|$199 Pinebook Pro status": 2,
    "2018-W41|FreeBSD 12 on Pinebook": 1,
    "2019-W05|Pinebook Pro laptop": 2,
}
RASPBERRY_PI = {
    "2017-W49|Ellexus": 1,
    "2018-W12|Raspberry Pi and Stephen Hawking": 2,
    "2018-W47|Interview with Eben Upton": 2,
    "2018-W26|Venom starring Tom Hardy": 1,
    "2019-W01|Rancher for Raspberry Pi 3": 2,
    "2017-W26|Ubuntu Core on Raspberry Pi 3": 2,
    "2018-W14|OpenBSD/arm64 6.3 for Pine64, Raspberry Pi 3": 2,
    "2018-W46|Raspberry Pi 3 Model A+": 2,
    "2019-W01|Fedora 29 and wifi on Raspberry Pi 3": 2,
    "2018-W50|Official Ubuntu 18.04. for Raspberry Pi 3": 2,
    "2017-W18|64 bit operating systems for the Raspberry Pi 3": 2,
    "2018-W13|Plex media server on Raspberry Pi": 2,
}
THUNDERX = {
    "2019-W23|Marvell, Arm to collaborate on next generation ThunderX": 2,
    "2017-W48|Bug fixes: FreeBSD IPv6 and VNIC support on ThunderX": 2,
    "2017-W46|University of Michigan Cavium ThunderX": 2,
    "2017-W47|Debian 8 and Debian 9 on Packet's Arm based Type 2A": 1,
    "2018-W25|Nextcloud benchmarks": 1,
}
OPENSTACK = {
    "2017-W19|Conference reports: OpenStack Boston": 2,
    "2019-W02|Ubuntu Openstack on arm64": 2,
    "2017-W40|OpenStack on Arm": 2,
    "2018-W09|OpenStack Queens on ARM64": 2,
    "2018-W03|OpenStack on ARM via Ubuntu MAAS": 2,
    "2018-W18|Open Stack Summit in Vancouver": 2,
    "2017-W50|Ceph charms for Juju": 1,
}
GRAVITON = {
    "2018-W50|Amazon EC2 a1 instance supports arm64": 2,
    "2018-W48|Amazon AWS announces new a1.* instances": 2,
    "2019-W06|RHEL8 beta on arm64 on Amazon a1": 2,
    "2019-W17|Amazon EKS support for a1.*": 2,
    "2019-W20|NGINX on Amazon EC2 a1.*": 2,
    "2018-W50|NetBSD running on Amazon a1": 2,
    "2018-W50|Fedora 29 on arm64 on AWS": 1,
    "2018-W48|Fedora 29 on Arm on AWS": 1,
}
DOCKER = {
    "2018-W04|docker manifest for supporting multi-arch images": 2,
    "2018-W15|Installing Docker on arm64": 2,
    "2018-W50|New Docker Hub with easy search for multiarch": 2,
    "2017-W35|Docker 17.07.0-ce": 2,
    "2017-W38|Docker official images are now multi-platform": 2,
    "2019-W17|Docker, Arm partner for containers everywhere": 2,
    "2019-W19|Tegra Docker for Jetson Nano": 2,
    "2018-W07|Creating Docker multiarch images": 2,
    "2018-W17|Docker Consul": 1,
    "2019-W23|Nvidia EGX in Jetpack 4.2.1 to support CUDA Docker": 1,
}
AMPERE = {
    "2018-W14|Ampere eMAG at OCP": 2,
    "2018-W11|Ampere at OCP Summit": 2,
    "2018-W41|Ampere Augments ARM Servers": 2,
    "2019-W01|Packet, Netronome to build microservers": 1,
    "2018-W39|Ampere Computing announces 64-bit Arm system": 2,
}
THUNDERX2 = {
    "2018-W12|OCP: ThunderX2 workstation": 2,
    "2017-W25|Hardware: Cavium ThunderX2": 2,
    '2018-W23|"This week in HPC" review of Cavium ThunderX2': 2,
    "2017-W22|Gigabyte announces Cavium ThunderX2": 2,
    "2017-W47|Hardware: HPE Apollo 70 with Cavium ThunderX2": 2,
    "2017-W46|Cavium ThunderX2 Open Compute Project": 2,
    "2018-W19|Cavium announces ThunderX2": 2,
    "2018-W20|Cavium ThunderX2 review": 2,
    "2017-W47|Hardware: Cray XC50 with Cavium ThunderX2": 2,
    "2018-W15|ThunderX2 talk by Surya Hotha": 2,
}
FEDORA = {
    "2018-W48|Fedora 29 on Arm on AWS": 2,
    "2017-W49|Fedora 27": 2,
    "2017-W25|Distro: Fedora 26 Beta": 2,
    "2019-W18|Fedora 30": 2,
    "2018-W14|Fedora 28 Beta": 2,
    "2018-W50|Fedora 29 on arm64 on AWS": 2,
    "2019-W16|Fedora 30 on Jetson TX1/TX2": 2,
    "2019-W01|Fedora 29 and wifi on Raspberry Pi 3": 2,
    "2018-W44|Fedora 29 released": 2,
    "2018-W07|Fedora Council Subproject Report": 1,
}
JENKINS = {
    "2019-W31|Work in progress: Jenkins server for arm64": 2,
    "2017-W19|Continuous integration": 1,
    "2017-W18|Continuous integration": 1,
    "2017-W17|Continuous integration": 1,
    "2018-W37|CI/CD and build services": 1,
}
NODEJS = {
    "2017-W36|Electron port to arm64": 1,
    "2018-W05|Node-RED 0.18 release": 2,
    "2017-W17|Languages and compilers": 2,
    "2018-W37|Languages, libraries, and functions": 1,
    "2017-W32|Electron - port to arm64 in progress": 1,
    "2018-W20|Fedora 28 release": 1,
    "2018-W26|Alpine Linux 3.8.0 released": 1,
    "2017-W41|Red Hat Software Collections language update": 1,
}
OPENBSD = {
    "2018-W46|OpenBSD/arm64 on QEMU": 2,
    "2018-W14|OpenBSD/arm64 6.3": 2,
    "2017-W19|OpenBSD 6.1 release": 2,
}
FREEBSD = {
    "2017-W50|FreeBSD ports. 22747 of 27655": 2,
    "2018-W41|FreeBSD 12 on Pinebook": 2,
    "2017-W48|Bug fixes: FreeBSD IPv6 and VNIC support on ThunderX": 2,
    "2017-W42|FreeBSD 12-testing on Packet Type 2A": 2,
    "2019-W01|FreeBSD support bhyve hypervisor": 2,
    "2017-W20|FreeBSD quarterly report": 2,
    "2017-W50|Adopt OpenJDK project plus FreeBSD Foundation": 1,
    "2018-W25|64-bit TianoCore UEFI for the Raspberry Pi 3": 1,
}
CENTOS = {
    "2018-W19|CentOS 7.5 released": 2,
    "2018-W50|CentOS Linux 7 (1806) for arm64": 2,
    "2017-W37|CentOS 7.4 for Arm": 2,
    "2017-W39|Using CentOS 7 armhfp VM": 2,
    "2017-W26|Interview: Jim Perrin on CentOS on ARM": 2,
    "2018-W17|CentOS 7.5.1804": 2,
    "2017-W28|FreeIPA on Centos 7 on ARM": 1,
}
ROCK64 = {
    "2018-W18|Rock64 cluster for genome sequencing": 2,
    "2018-W09|3d-printed case with power readout for Rock64": 2,
    "2018-W21|Rock64 mini-cluster": 2,
    '2017-W28|"Rock64" debut from Pine64': 2,
    "2018-W24|picocluster build": 1,
}
CLOUD = {
    "2017-W18|ARMv8 servers by the hour from Scaleway and Packet": 2,
    "2017-W25|QCloud Hosted ARM in China": 2,
    "2018-W48|Amazon AWS announces new a1.* instances": 2,
    "2018-W50|Amazon EC2 a1 instance supports arm64": 2,
    "2017-W37|Works on Arm announcement of partnership with Packet": 1,
    "2017-W33|CNCF Community Infrastructure Lab": 1,
    "2017-W49|Amazon EC2 Bare Metal Instances": 1,
    "2019-W20|NGINX on Amazon EC2 a1.*": 1,
}
FREE_ACCESS = {
    "2017-W37|Works on Arm announcement of partnership with Packet": 2,
    "2017-W38|Call for proposals for Works on Arm infrastructure access": 2,
    "2017-W42|Works on Arm cluster status": 2,
    "2018-W28|Build and test for arm64 on the Works on Arm Cluster": 2,
    "2017-W33|CNCF Community Infrastructure Lab": 1,
    "2018-W27|New in the Works on Arm cluster": 1,
}
DOCKER_ON_PI = {
    "2018-W13|Plex media server on Raspberry Pi with Docker": 2,
    "2017-W27|Docker for Raspbian (ARMv6)": 2,
    "2018-W13|HypriotOS 1.8.0": 2,
    "2017-W40|Docker multiarch vs Docker Swarm": 1,
    "2017-W33|Marina.io, a Docker registry": 1,
}
GOLANG = {
    "2017-W19|Golang 1.9 plan for ARM64 support": 2,
    "2017-W24|Go 1.9 Beta 1 with ARM64 binaries": 2,
    "2017-W35|Go 1.9 release": 2,
    "2017-W30|Go 1.9 RC 1": 2,
    "2017-W21|Go 1.8.3 release": 1,
    "2017-W17|Languages and compilers": 1,
}
OPENJDK = {
    "2018-W40|Adopt OpenJDK with new support for OpenJDK 11": 2,
    "2018-W06|OpenJDK 9 builds for aarch64": 2,
    "2018-W39|OpenJDK 11": 2,
    "2018-W14|BellSoft Liberica 10": 2,
    "2018-W41|BellSoft announces Liberica JDK 11": 2,
    "2018-W24|OpenJDK Arm port consolidation": 2,
    "2017-W20|Adopt OpenJDK: open source Java build system": 2,
    "2017-W31|Azul Systems and Qualcomm Bring Enterprise-Grade": 1,
    "2018-W16|Languages: JDK 10 on arm64": 2,
    "2018-W22|JEP 315 targets aarch64 intrinsics": 1,
}
DISTROS = {
    "2017-W18|64 bit operating systems for the Raspberry Pi 3": 1,
    "2018-W14|Oracle Linux 7.4": 2,
    "2018-W17|Ubuntu 18.04 LTS": 2,
    "2018-W50|CentOS Linux 7 (1806) for arm64": 2,
    "2017-W51|Linaro Enterprise Reference Platform": 1,
    "2019-W03|SUSE Server for Arm": 2,
    "2018-W24|Oracle Linux for Arm 7.5": 2,
    "2019-W30|Debian 10 (Buster) on arm64": 2,
    "2017-W37|CentOS 7.4 for Arm": 2,
}
NIX = {
    "2017-W52|Nix installer for arm64": 2,
    "2017-W51|NixOS testing on arm64": 2,
    "2018-W39|NixOS building for 32-bit, 64-bit Arm": 2,
}
WINDOWS = {
    "2018-W11|Windows on ARM: Day-One Developer Experience": 2,
    "2019-W07|Windows 10 on your Raspberry Pi": 2,
    "2019-W11|Windows 10 on Arm via KVM": 2,
    "2019-W21|Booting Windows 10 on Arm on a Lumia 950": 2,
    "2018-W22|Windows on Arm: VLC 4.0.0": 1,
    "2019-W19|Windows 10 on Arm - sysinternals": 1,
    "2019-W15|Chromium for Windows 10 on Arm": 1,
    "2019-W15|Firefox for Windows 10 on Arm Beta": 1,
    "2018-W25|Macchiatobin booting Windows 10": 2,
    "2018-W47|WLinux for arm64 Windows 10 laptops": 1,
}
LLVM = {
    "2019-W08|Using Works on Arm for LLVM development": 2,
    "2019-W12|LLVM toolchain 8.0.0": 2,
    "2019-W07|GCC vs LLVM Clang on aarch64": 2,
    "2017-W36|LLVM 5.0.0 is out": 2,
    "2018-W10|LLVM 6.0.0": 2,
    "2018-W40|LLVM with support for AArch64 v8.5A": 2,
    "2018-W01|CLang 6.0.0": 1,
}
FORTRAN = {"2018-W25|flang work in progress": 2, "2017-W52|Video: ARM HPC Workshop at Riken": 1}
CENTRIQ = {"2017-W46|Mergers and acquisitions: Broadcom and Qualcomm": 1, '2017-W46|"Computing is bigger': 1}

JUDGED: tuple[Judged, ...] = (
    # Typos of words the archive uses: one from five letters, two from nine.
    Judged("ubunto", "typo", "ubuntu", UBUNTU),
    Judged("debain", "typo", "debian", DEBIAN),
    Judged("postgress", "typo", "postgres", POSTGRES),
    Judged("kubernetis", "typo", "kubernetes", KUBERNETES),
    Judged("kuberentes", "typo", "kubernetes", KUBERNETES),
    Judged("tensorflw", "typo", "tensorflow", TENSORFLOW),
    Judged("raspbery pi", "typo", "raspberry pi", RASPBERRY_PI),
    Judged("rasberry pi", "typo", "raspberry pi", RASPBERRY_PI),
    Judged("openstak", "typo", "openstack", OPENSTACK),
    Judged("gravtion", "typo", "graviton", GRAVITON),
    Judged("dokcer", "typo", "docker", DOCKER),
    Judged("ampere emga", "typo", "ampere emag", AMPERE),
    Judged("cavim thunderx2", "typo", "cavium thunderx2", THUNDERX2),
    Judged("fedroa", "typo", "fedora", FEDORA),
    Judged("jenkns", "typo", "jenkins", JENKINS),
    Judged("centso", "typo", "centos", CENTOS),
    # Split and joined spellings.
    Judged("hi key", "spacing", "hikey", HIKEY),
    Judged("hikey960", "spacing", "hikey 960", HIKEY),
    Judged("micro sd", "spacing", "microsd", MICROSD),
    Judged("pine 64", "spacing", "pine64", PINE64),
    Judged("thunder x", "spacing", "thunderx", THUNDERX),
    Judged("open stack", "spacing", "openstack", OPENSTACK),
    Judged("open bsd", "spacing", "openbsd", OPENBSD),
    Judged("free bsd", "spacing", "freebsd", FREEBSD),
    Judged("rock 64", "spacing", "rock64", ROCK64),
    Judged("raspberrypi", "spacing", "raspberry pi", RASPBERRY_PI),
    # Questions, as people ask them.
    Judged("where can i rent arm64 machines", "question", "cloud arm64 server", CLOUD),
    Judged("how can i get a free arm server", "question", "works on arm infrastructure access", FREE_ACCESS),
    Judged("which boards run freebsd", "question", "freebsd", FREEBSD),
    Judged("how do i run docker on a raspberry pi", "question", "docker raspberry pi", DOCKER_ON_PI),
    Judged("does kubernetes support arm64", "question", "kubernetes arm64", KUBERNETES),
    Judged("what is the ampere emag", "question", "ampere emag", AMPERE),
    Judged("when did golang get arm64 support", "question", "golang arm64", GOLANG),
    Judged("is openjdk available on arm64", "question", "openjdk", OPENJDK),
    Judged(
        "which linux distributions support arm64 servers", "question", "linux distribution arm64", DISTROS
    ),
    Judged("how fast is the cavium thunderx2", "question", "cavium thunderx2", THUNDERX2),
    Judged("where can i buy a hikey 960", "question", "hikey 960", HIKEY),
    Judged("how do i install nix on aarch64", "question", "nix aarch64", NIX),
    Judged("can i run windows on arm", "question", "windows on arm", WINDOWS),
    Judged("how to build llvm on arm64", "question", "llvm arm64", LLVM),
    Judged("is there a fortran compiler for arm", "question", "fortran compiler", FORTRAN),
    Judged("what happened to the qualcomm centriq", "question", "qualcomm centriq", CENTRIQ),
    Judged("are there any centos images for arm64", "question", "centos arm64", CENTOS),
    # Questions about what the archive never covered: nothing is the right answer.
    Judged("is there a cobol compiler for arm", "none"),
    Judged("is there a playstation emulator for arm", "none"),
    Judged("can i run photoshop on a hikey", "none"),
    Judged("where can i download minecraft for arm64", "none"),
)


def grade(judged: Judged, issue: str, heading: str) -> int:
    key = f"{issue}|{heading}"
    return max((g for prefix, g in judged.grades.items() if key.startswith(prefix)), default=0)


def ndcg_at(judged: Judged, ranked: list[tuple[str, str]], k: int = 5) -> float:
    gains = [grade(judged, issue, heading) for issue, heading in ranked[:k]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(judged.grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(judged: Judged, ranked: list[tuple[str, str]], k: int = 10) -> float:
    for i, (issue, heading) in enumerate(ranked[:k]):
        if grade(judged, issue, heading) > 0:
            return 1.0 / (i + 1)
    return 0.0


@dataclass
class Scores:
    ndcg: float
    mrr: float
    queries: int


def score(
    queries: Iterable[Judged], search: Callable[[str], list[tuple[str, str]]], *, clean: bool = False
) -> Scores:
    """nDCG@5 and MRR of a search over judged queries (their clean forms with `clean`)."""
    rows = [(j, search(j.clean if clean else j.query)) for j in queries if j.kind != "none"]
    n = len(rows) or 1
    return Scores(
        sum(ndcg_at(j, r) for j, r in rows) / n,
        sum(reciprocal_rank(j, r) for j, r in rows) / n,
        len(rows),
    )
